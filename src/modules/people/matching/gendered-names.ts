/** Male and female forms of one given name, which the twins guard must tell apart. */

/** Spellings of one name that usually tell a boy from a girl. */
const SPELLING_PAIRS: readonly (readonly [string, string])[] = [
  ['francis', 'frances'], ['jesse', 'jessie'], ['tony', 'toni'], ['joe', 'jo'], ['billy', 'billie'], ['bobby', 'bobbie'],
  ['georgie', 'georgy'], ['frankie', 'franky'], ['gene', 'jean'], ['lewis', 'louise'], ['andrew', 'andrea'],
];
const SPELLINGS: ReadonlyMap<string, string> = new Map(SPELLING_PAIRS.flatMap(([m, f]) => [[m, f], [f, m]] as const));

/**
 * Are these the male and female forms of one name, or two names that differ by such an
 * ending? Boy and girl twins are often given them, and each looks like a one- or two-letter
 * typo of the other:
 *
 * - a feminine ending after a consonant: PAUL / PAULA, ROBERT / ROBERTA, LOUIS / LOUISE,
 *   DENIS / DENISE (+A, +E), or DANIEL / DANIELLE, JO / JOANNE... (+LE, +NE);
 * - N or S after a final A: JULIA / JULIAN, NICOLA / NICOLAS (but LEA / LEAH is one name);
 * - the same length, differing only in the last two letters, one ending in A and the other
 *   in E, O, Y or N: GEORGIA / GEORGIE, ROBERTA / ROBERTO, CHRISTINA / CHRISTIAN;
 *
 * A typo in the last letter (OLIVIA / OLIVIQ, AMELIA / AMELIS) is none of these.
 * - a few spellings that tell a boy from a girl: FRANCIS / FRANCES, JESSE / JESSIE.
 */
export function genderedForms(a: string, b: string): boolean {
  if (a === b) return false;
  if (SPELLINGS.get(a) === b) return true;
  if (Math.min(a.length, b.length) < 3) return false;
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  const consonant = (c: string | undefined): boolean => c !== undefined && !'aeiouy'.includes(c);
  if (longer.startsWith(shorter)) {
    const added = longer.slice(shorter.length);
    if ((added === 'a' || added === 'e') && consonant(shorter[shorter.length - 1])) return true;
    if (added === 'le' || added === 'ne') return true;
    return shorter.endsWith('a') && (added === 'n' || added === 's');
  }
  if (a.length !== b.length || a.slice(0, -2) !== b.slice(0, -2)) return false;
  const [withA, other] = a.endsWith('a') ? [a, b] : [b, a];
  return withA.endsWith('a') && !other.endsWith('a') && 'eoyn'.includes(other[other.length - 1] as string);
}
