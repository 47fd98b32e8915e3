/** Male and female forms of one given name, which the twins guard must tell apart. */

/** Spellings of one name that usually tell a boy from a girl. */
const SPELLING_PAIRS: readonly (readonly [string, string])[] = [
  ['francis', 'frances'],
  ['jesse', 'jessie'],
  ['tony', 'toni'],
  ['joe', 'jo'],
  ['billy', 'billie'],
  ['bobby', 'bobbie'],
  ['georgie', 'georgy'],
  ['frankie', 'franky'],
  ['gene', 'jean'],
  ['lewis', 'louise'],
  ['andrew', 'andrea'],
];
const SPELLINGS: ReadonlyMap<string, string> = new Map(
  SPELLING_PAIRS.flatMap(
    ([m, f]) =>
      [
        [m, f],
        [f, m],
      ] as const,
  ),
);

/**
 * Endings that turn a boy's name into a girl's: [male ending, female ending, what the
 * shared stem must end in]. Read after the longest common beginning of the two names.
 */
const ENDINGS: readonly (readonly [string, string, 'consonant' | 'a' | 'c' | 'any'])[] = [
  ['', 'a', 'consonant'], // PAUL / PAULA, ROBERT / ROBERTA, ERIC / ERICA
  ['', 'e', 'consonant'], // LOUIS / LOUISE, DENIS / DENISE, SIMON / SIMONE
  ['', 'le', 'any'],
  ['', 'ne', 'any'], // DANIEL / DANIELLE, JO / JOANNE
  ['', 'ia', 'any'], // VICTOR / VICTORIA
  ['n', '', 'a'],
  ['s', '', 'a'], // JULIAN / JULIA, NICOLAS / NICOLA (not LEAH / LEA)
  ['us', 'a', 'any'], // AUGUSTUS / AUGUSTA, JULIUS / JULIA, CLAUDIUS / CLAUDIA
  ['er', 'ra', 'any'], // ALEXANDER / ALEXANDRA
  ['o', 'a', 'any'],
  ['e', 'a', 'any'],
  ['y', 'a', 'any'], // ROBERTO / ROBERTA, GEORGIE / GEORGIA
  ['an', 'na', 'any'], // CHRISTIAN / CHRISTINA
  ['k', 'a', 'c'],
  ['k', 'ia', 'c'], // FREDERICK / FREDERICA, PATRICK / PATRICIA
  ['is', 'es', 'any'], // FRANCIS / FRANCES
];

/**
 * Are these the male and female forms of one name? Boy and girl twins are often given
 * them, and each looks like a typo of the other (ROBERT / ROBERTA: one letter added;
 * ALEXANDER / ALEXANDRA: two letters changed in nine) or like a misspelt nickname
 * (GEORGIA is one letter from GEORGIE). Recognised by the endings above after a shared
 * stem of at least three letters, and a few spellings (JESSE / JESSIE, TONY / TONI).
 * A typo in the last letter (OLIVIA / OLIVIQ, AMELIA / AMELIS) is none of these.
 */
export function genderedForms(a: string, b: string): boolean {
  if (a === b) return false;
  if (SPELLINGS.get(a) === b) return true;
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  if (p < 3) return false;
  const stemEnd = a[p - 1] as string;
  const rest = [a.slice(p), b.slice(p)] as const;
  for (const [male, female, stem] of ENDINGS) {
    const fits = (rest[0] === male && rest[1] === female) || (rest[1] === male && rest[0] === female);
    if (!fits) continue;
    if (stem === 'any' || (stem === 'consonant' && !'aeiouy'.includes(stemEnd)) || stem === stemEnd) return true;
  }
  return false;
}
