/** String similarity measures used by the comparisons. All are symmetric. */

let scratchA = new Uint8Array(64);
let scratchB = new Uint8Array(64);

/**
 * Jaro-Winkler similarity in [0, 1] (prefix scale 0.1, prefix up to 4 characters).
 * The arguments are put in a fixed order first so that the result is exactly symmetric.
 */
export function jaroWinkler(s1: string, s2: string): number {
  if (s1 === s2) return s1.length === 0 ? 0 : 1;
  const [a, b] = s1 < s2 ? [s1, s2] : [s2, s1];
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  if (lb > scratchB.length || la > scratchA.length) {
    scratchA = new Uint8Array(Math.max(la, lb) * 2);
    scratchB = new Uint8Array(Math.max(la, lb) * 2);
  }
  const aMatch = scratchA;
  const bMatch = scratchB;
  aMatch.fill(0, 0, la);
  bMatch.fill(0, 0, lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(lb - 1, i + window);
    const c = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (bMatch[j] === 0 && b.charCodeAt(j) === c) {
        aMatch[i] = 1;
        bMatch[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (aMatch[i] === 0) continue;
    while (bMatch[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const jaro = (matches / la + matches / lb + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  const maxPrefix = Math.min(4, la, lb);
  while (prefix < maxPrefix && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

const bag = new Int32Array(128);

/**
 * Jaro-Winkler similarity when it could reach `floor`, otherwise 0. A cheap upper bound
 * (from the characters the strings have in common) skips the full computation for pairs
 * that cannot be similar, which is most pairs. Symmetric, like jaroWinkler.
 */
export function jaroWinklerAtLeast(a: string, b: string, floor: number): number {
  if (a === b) return a.length === 0 ? 0 : 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  let common = 0;
  let ascii = true;
  for (let i = 0; i < la; i++) {
    const c = a.charCodeAt(i);
    if (c >= 128) {
      ascii = false;
      break;
    }
    bag[c]! += 1;
  }
  if (ascii) {
    for (let i = 0; i < lb; i++) {
      const c = b.charCodeAt(i);
      if (c >= 128) {
        ascii = false;
        break;
      }
      if ((bag[c] as number) > 0) {
        bag[c]! -= 1;
        common++;
      }
    }
  }
  for (let i = 0; i < la; i++) {
    const c = a.charCodeAt(i);
    if (c < 128) bag[c] = 0;
  }
  if (ascii) {
    // jaro <= (m/la + m/lb + 1) / 3 and jw <= 0.6 jaro + 0.4
    const jaroBound = (common / la + common / lb + 1) / 3;
    if (common === 0 || 0.6 * jaroBound + 0.4 < floor) return 0;
  }
  return jaroWinkler(a, b);
}

/** The letters a to z that a string holds, as bits (other characters are left out). */
export function letterMask(s: string): number {
  let mask = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) - 97;
    if (c >= 0 && c < 26) mask |= 1 << c;
  }
  return mask;
}

function bitCount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) as number;
}

/**
 * True when Jaro-Winkler of two strings (of lengths la and lb, with letter masks ma and mb
 * from `letterMask`) cannot reach `floor`: every letter of one that the other lacks is a
 * character that cannot match, which bounds the matches as in `jaroWinklerAtLeast`. A
 * weaker bound than that one, but a few integer operations, with nothing to read from the
 * strings themselves.
 */
export function jaroWinklerBelow(la: number, lb: number, ma: number, mb: number, floor: number): boolean {
  if (la === 0 || lb === 0) return true;
  const common = Math.min(la - bitCount(ma & ~mb), lb - bitCount(mb & ~ma));
  if (common <= 0) return true;
  return 0.6 * ((common / la + common / lb + 1) / 3) + 0.4 < floor;
}

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions),
 * stopping early once it exceeds `max` (then returns max + 1).
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0) return lb;
  if (lb === 0) return la;
  let prev2 = new Array<number>(lb + 1).fill(0);
  let prev = Array.from({ length: lb + 1 }, (_, j) => j);
  let cur = new Array<number>(lb + 1).fill(0);
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= lb; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (
        i > 1 &&
        j > 1 &&
        a.charCodeAt(i - 1) === b.charCodeAt(j - 2) &&
        a.charCodeAt(i - 2) === b.charCodeAt(j - 1)
      ) {
        v = Math.min(v, (prev2[j - 2] as number) + 1);
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[lb] as number;
}

/**
 * True when a and b differ by at most one edit: one character changed, inserted or
 * deleted, or two adjacent characters swapped. Linear time, no allocation.
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (la === lb) {
    // one substitution, or a transposition of i and i + 1
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return (
      a.charCodeAt(i) === b.charCodeAt(i + 1) &&
      a.charCodeAt(i + 1) === b.charCodeAt(i) &&
      a.slice(i + 2) === b.slice(i + 2)
    );
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
