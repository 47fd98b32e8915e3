import type { Comparison } from './comparisons.ts';
import { compareDob, dayNumber } from './dates.ts';
import { compareText } from './other-comparisons.ts';
import { compareFirstNames, FIRST_NAME_LEVELS, firstNameLevelConflicts, type FirstNameLevel } from './names.ts';
import { comparePostcodes } from './postcodes.ts';
import type { PreparedRecord } from './prepare.ts';
import type { PairGuard } from './thresholds.ts';
import { FEMALE_NAMES, MALE_NAMES } from './given-names.ts';

const FEMALE_ONLY = (n: string): boolean => FEMALE_NAMES.has(n) && !MALE_NAMES.has(n);
const MALE_ONLY = (n: string): boolean => MALE_NAMES.has(n) && !FEMALE_NAMES.has(n);

/**
 * Did a personal identifier (NHS number, PNC ID, other one-per-person id) agree? Exactly,
 * or for an identifier without a check digit (`otherId`) but for one slip of the keys:
 * twins registered together may get consecutive numbers, which differ in the last digit
 * (or the last two, carried: 5211179 / 5211180), but another person's number is not one
 * slip from yours. Two neighbours swapped is a slip even at the end (5211176 / 5211167):
 * consecutive numbers never differ by a swap.
 */
export const identifierAgrees = (a: PreparedRecord, b: PreparedRecord): boolean =>
  (a.nhsNumber !== null && a.nhsNumber === b.nhsNumber) ||
  (a.pncId !== null && a.pncId === b.pncId) ||
  (a.otherId !== null && b.otherId !== null && (a.otherId === b.otherId || identifierSlip(a.otherId, b.otherId)));

/**
 * Same length, and one character replaced (the last character untouched) or two neighbours
 * swapped (anywhere, the two different).
 */
export function identifierSlip(a: string, b: string): boolean {
  if (a.length !== b.length || a.length < 6) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  if (i >= a.length) return false;
  const swapped = i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  if (swapped) return true;
  return i < a.length - 1 && a.slice(i + 1) === b.slice(i + 1);
}

/**
 * Date-of-birth levels that count as agreement for two records at one address: a slip, not
 * another person (siblings other than twins are born months apart, a parent decades).
 */
const DOB_AGREES = new Set(['exact', 'day-month-swapped', 'one-typo', 'year-plus-minus-one', 'within-a-month']);

/** Years between two dates of birth from which they are a generation apart (a parent and child), not a slip. */
export const GENERATION_GAP_YEARS = 12;

/**
 * Dates of birth a generation apart: at least `GENERATION_GAP_YEARS` between them and not
 * one character apart (1965 / 1985 is a slip of one key, 1958 / 1985 is not).
 */
export function generationGap(
  a: string | null,
  b: string | null,
  level: string | null,
  dayA?: number,
  dayB?: number,
): boolean {
  if (a === null || b === null || level === null || DOB_AGREES.has(level)) return false;
  return Math.abs((dayA ?? dayNumber(a)) - (dayB ?? dayNumber(b))) >= GENERATION_GAP_YEARS * 365.25;
}

/** A given name of the other sex from the record's own sex field (a boy's record named GEORGINA): the name is the error. */
function nameContradictsSex(r: PreparedRecord): boolean {
  if (r.first === null || r.sex === null) return false;
  return r.sex === 'm' ? FEMALE_ONLY(r.first) : MALE_ONLY(r.first);
}

/**
 * Indices of the comparisons the guards read, for a model's comparison list: the guards
 * reuse the levels already computed for scoring and compute the rest themselves.
 */
export interface GuardIndex {
  firstName: number;
  dob: number;
  place: number;
  address: number;
  sex: number;
}

export function guardIndex(comparisons: readonly Comparison[]): GuardIndex {
  const at = (name: string): number => comparisons.findIndex((c) => c.name === name);
  return { firstName: at('firstName'), dob: at('dob'), place: at('place'), address: at('address'), sex: at('sex') };
}

/**
 * The rules that keep apart two people a score alone would join:
 * - the twins guard: given names plainly differ (`firstNameLevelConflicts`; a one-letter
 *   slip is a typo when the birthday and sex agree);
 * - households and neighbours: records at one address or postcode unit need their dates
 *   of birth to agree (or an identifier) to be linked automatically; a mother and a
 *   daughter share surname, address and often a given name or its nickname.
 * `levels` are the pair's comparison levels from scoring (-1 = missing), for `comparisons`.
 */
export function pairGuard(
  a: PreparedRecord,
  b: PreparedRecord,
  comparisons: readonly Comparison[],
  index: GuardIndex,
  levels: readonly number[],
): PairGuard {
  const levelName = (c: number): string | null => {
    const l = c < 0 ? -1 : (levels[c] as number);
    return l < 0 ? null : ((comparisons[c] as Comparison).levels[l] as string);
  };
  const dob = index.dob >= 0 ? levelName(index.dob) : compareDob(a.dob, b.dob, a.dobDay, b.dobDay);
  const sexDiffers = a.sex !== null && b.sex !== null && a.sex !== b.sex;
  const first = index.firstName >= 0 ? (levelName(index.firstName) as FirstNameLevel | null) : compareFirstNames(a, b);
  const sameBirthday = dob === 'exact' && !sexDiffers;
  let namesConflict =
    first !== null &&
    FIRST_NAME_LEVELS.includes(first) &&
    firstNameLevelConflicts(first, a, b, { sameBirthday, sexDiffers });
  // JOHN / JOAN on two records that both say male and share a birthday: the girl's name
  // contradicts the record's own sex, so it is the mistake, not a twin sister.
  const place = index.place >= 0 ? levelName(index.place) : null;
  const sameUnit =
    place === 'postcode-unit' || (index.place < 0 && comparePostcodes(a.postcode, b.postcode) === 'unit');
  const address = index.address >= 0 ? levelName(index.address) : compareText(a.address, b.address);
  const sameAddress = address === 'exact' || address === 'similar';
  const together = sameUnit || sameAddress;
  // Only for names a slip apart (JOHN / JOAN): a girl recorded as ARTHUR (the names people
  // are given are not tidy) beside her twin MARY is two children, not one with a wrong name.
  if (
    namesConflict &&
    first !== 'different' &&
    sameBirthday &&
    a.sex !== null &&
    a.sex === b.sex &&
    (nameContradictsSex(a) || nameContradictsSex(b))
  )
    namesConflict = false;
  // At one address, dates of birth must agree; with one missing, the given names must
  // agree exactly (ALEX the son and ALEXANDRA his mother, one birthday not recorded).
  // Both dates given and they do not agree, or the sexes differ (twin brother and sister, one
  // given name missing or an initial), at one address: two members of the household.
  const dobDisagrees = dob !== null && !DOB_AGREES.has(dob);
  // A date missing is not agreement: a son named after his father, with no date of birth on
  // any of his records, is otherwise his father's record exactly (BENCHMARKS.md gives what
  // this costs in recall: those pairs go to review).
  const dobMissing = dob === null;
  // The sexes differ where the given names cannot tell two people apart (one missing, an
  // initial): a twin brother and sister. Where the names agree, the sex field is the error.
  const sexApart = sexDiffers && (first === null || first === 'initial' || first === 'in-other-names');
  const household = together && (dobDisagrees || dobMissing || sexApart);
  return {
    namesConflict,
    identifierAgrees: identifierAgrees(a, b),
    household,
    // Held apart (clustering never joins them, and a record like both is ambiguous) only on
    // plain evidence: a twin brother and sister at one address, or a generation between the
    // dates (below). Two slips on one person's records (28/02/2018 typed 25/02 on one, a year
    // out on another) can put their dates over a year apart.
    householdDobDiffers: together && sexApart,
    together,
    generationGap: generationGap(a.dob, b.dob, dob, a.dobDay, b.dobDay),
  };
}
