import { faker } from '@faker-js/faker/locale/en';
import { NICKNAME_GROUPS } from './nicknames.ts';
import { withinOneEdit } from './string-similarity.ts';

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

/** Every known name under itself and under each one-letter deletion of it, for finding names one slip away. */
let deletions: Map<string, string[]> | null = null;
function deletionIndex(): Map<string, string[]> {
  if (deletions) return deletions;
  const index = new Map<string, string[]>();
  const add = (key: string, name: string): void => {
    const list = index.get(key);
    if (!list) index.set(key, [name]);
    else if (!list.includes(name)) list.push(name);
  };
  for (const name of KNOWN_GIVEN_NAMES) {
    add(name, name);
    for (let i = 0; i < name.length; i++) add(name.slice(0, i) + name.slice(i + 1), name);
  }
  deletions = index;
  return index;
}

const readingsCache = new Map<string, readonly string[]>();

/**
 * The given names a spelling can stand for: itself when it is a name people are given (or
 * shorter than four letters), otherwise the known names one slip from it (a letter added,
 * dropped, replaced, or two swapped): WLIL reads as WILL, JJHN as JOHN, ROASLIE as ROSALIE.
 * A spelling that is nobody's name is far likelier a typing error than a twin's name.
 */
export function nameReadings(name: string): readonly string[] {
  if (name.length < 4 || KNOWN_GIVEN_NAMES.has(name)) return [name];
  const cached = readingsCache.get(name);
  if (cached) return cached;
  const index = deletionIndex();
  const found = new Set<string>();
  const keys = [name];
  for (let i = 0; i < name.length; i++) keys.push(name.slice(0, i) + name.slice(i + 1));
  for (const key of keys)
    for (const known of index.get(key) ?? []) if (known !== name && withinOneEdit(known, name)) found.add(known);
  const result = found.size === 0 ? [name] : [...found];
  if (readingsCache.size > 200_000) readingsCache.clear();
  readingsCache.set(name, result);
  return result;
}
