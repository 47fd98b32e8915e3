/**
 * A compact Metaphone (after Lawrence Philips, 1990) for English personal names.
 * Vowels are dropped except at the start, where any vowel codes as "A" (as Double
 * Metaphone does), so EMLIE and AMELIE share a code. "0" stands for "th".
 */
const VOWELS = new Set(['A', 'E', 'I', 'O', 'U']);
const FRONT = new Set(['E', 'I', 'Y']);

function at(w: string, i: number): string {
  return w[i] ?? '';
}

function isVowel(w: string, i: number): boolean {
  return VOWELS.has(w[i] ?? '');
}

export function metaphone(input: string): string {
  let w = input.toUpperCase().replace(/[^A-Z]/g, '');
  if (w.length === 0) return '';
  // Collapse doubled letters except C.
  w = w.replace(/([A-BD-Z])\1+/g, '$1');
  if (/^(KN|GN|PN|AE|WR)/.test(w)) w = w.slice(1);
  if (w.startsWith('X')) w = 'S' + w.slice(1);
  if (w.startsWith('WH')) w = 'W' + w.slice(2);
  let out = '';
  for (let i = 0; i < w.length; i++) {
    const c = at(w, i);
    const next = at(w, i + 1);
    const prev = at(w, i - 1);
    switch (c) {
      case 'A':
      case 'E':
      case 'I':
      case 'O':
      case 'U':
        if (i === 0) out += 'A';
        break;
      case 'B':
        if (!(prev === 'M' && i === w.length - 1)) out += 'B';
        break;
      case 'C':
        if (next === 'I' && at(w, i + 2) === 'A') out += 'X';
        else if (next === 'H') {
          out += prev === 'S' ? 'K' : 'X';
          i++;
        } else if (FRONT.has(next)) {
          if (prev !== 'S') out += 'S';
        } else out += 'K';
        break;
      case 'D':
        if (next === 'G' && FRONT.has(at(w, i + 2))) {
          out += 'J';
          i++;
        } else out += 'T';
        break;
      case 'G':
        if (next === 'H' && !(i + 2 >= w.length || isVowel(w, i + 2))) break; // silent GH (NIGHT)
        if (
          next === 'N' &&
          (i + 2 === w.length || (at(w, i + 2) === 'E' && at(w, i + 3) === 'D' && i + 4 === w.length))
        )
          break;
        if (FRONT.has(next) && prev !== 'G') out += 'J';
        else out += 'K';
        break;
      case 'H':
        if (isVowel(w, i + 1) && !'CSPTG'.includes(prev || '_')) out += 'H';
        break;
      case 'K':
        if (prev !== 'C') out += 'K';
        break;
      case 'P':
        if (next === 'H') {
          out += 'F';
          i++;
        } else out += 'P';
        break;
      case 'Q':
        out += 'K';
        break;
      case 'S':
        if (next === 'H') {
          out += 'X';
          i++;
        } else if (next === 'I' && (at(w, i + 2) === 'O' || at(w, i + 2) === 'A')) out += 'X';
        else out += 'S';
        break;
      case 'T':
        if (next === 'I' && (at(w, i + 2) === 'O' || at(w, i + 2) === 'A')) out += 'X';
        else if (next === 'H') {
          out += '0';
          i++;
        } else if (!(next === 'C' && at(w, i + 2) === 'H')) out += 'T';
        break;
      case 'V':
        out += 'F';
        break;
      case 'W':
      case 'Y':
        if (isVowel(w, i + 1)) out += c;
        break;
      case 'X':
        out += 'KS';
        break;
      case 'Z':
        out += 'S';
        break;
      default:
        out += c; // F J L M N R
    }
  }
  return out;
}
