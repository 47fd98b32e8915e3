import { faker } from '@faker-js/faker/locale/en';
import { NICKNAME_GROUPS } from './nicknames.ts';

/**
 * Given names in use (English-language lists bundled with the faker library, and every
 * name of the nickname table), to tell a sibling's name from a slip of the keyboard:
 * GRACE / CRACE is a typo (CRACE is nobody's name), MARK / MARY and DEAN / SEAN are two
 * people. Lower case.
 */
const definitions = faker.rawDefinitions.person?.first_name;
const lower = (names: readonly string[] | undefined): string[] => (names ?? []).map((n) => n.toLowerCase());

export const FEMALE_NAMES: ReadonlySet<string> = new Set(lower(definitions?.female));
export const MALE_NAMES: ReadonlySet<string> = new Set(lower(definitions?.male));
export const KNOWN_GIVEN_NAMES: ReadonlySet<string> = new Set([
  ...FEMALE_NAMES,
  ...MALE_NAMES,
  ...lower(definitions?.generic),
  ...NICKNAME_GROUPS.flat(),
]);

/** Both are names people are given, and not the same one. */
export function twoKnownNames(a: string, b: string): boolean {
  return a !== b && KNOWN_GIVEN_NAMES.has(a) && KNOWN_GIVEN_NAMES.has(b);
}

/** One is a girl's name only and the other a boy's name only (by the lists). */
export function oppositeSexNames(a: string, b: string): boolean {
  const fa = FEMALE_NAMES.has(a) && !MALE_NAMES.has(a);
  const ma = MALE_NAMES.has(a) && !FEMALE_NAMES.has(a);
  const fb = FEMALE_NAMES.has(b) && !MALE_NAMES.has(b);
  const mb = MALE_NAMES.has(b) && !FEMALE_NAMES.has(b);
  return (fa && mb) || (ma && fb);
}
