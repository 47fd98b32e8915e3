import { withinOneEdit } from './string-similarity.ts';

export const DOB_LEVELS = [
  'exact',
  'day-month-swapped',
  'year-plus-minus-one',
  'one-typo',
  'within-a-month',
  'within-a-year',
  'different',
] as const;
export type DobLevel = (typeof DOB_LEVELS)[number];

const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days since 1970-01-01 of a YYYYMMDD string (proleptic Gregorian), or NaN when it is not a calendar date. */
export function dayNumber(yyyymmdd: string): number {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (!(m >= 1 && m <= 12 && d >= 1 && d <= (MONTH_DAYS[m - 1] as number))) return NaN;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (m === 2 && d === 29 && !leap) return NaN;
  // days from civil (H. Hinnant)
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** a.slice(i, i + n) === b.slice(j, j + n), without making the slices. */
function sameChars(a: string, i: number, b: string, j: number, n: number): boolean {
  if (i + n > a.length || j + n > b.length) return a.slice(i, i + n) === b.slice(j, j + n);
  for (let k = 0; k < n; k++) if (a.charCodeAt(i + k) !== b.charCodeAt(j + k)) return false;
  return true;
}

/**
 * Compare two dates of birth given as YYYYMMDD strings (see normaliseDob).
 * - day-month-swapped: 1984-03-07 vs 1984-07-03
 * - year-plus-minus-one: same day and month, year one apart
 * - one-typo: one character changed, or two adjacent characters transposed
 * - within-a-month / within-a-year: the dates are that close
 * Null when either is missing. `dayA` and `dayB` are their day numbers when already known
 * (a prepared record holds its own, so scoring need not work them out for every pair).
 */
export function compareDob(a: string | null, b: string | null, dayA?: number, dayB?: number): DobLevel | null {
  if (a === null || b === null) return null;
  if (a === b) return 'exact';
  // Compared in place, character by character: this runs for every candidate pair.
  const sameYear = sameChars(a, 0, b, 0, 4);
  if (sameYear && sameChars(a, 4, b, 6, 2) && sameChars(a, 6, b, 4, 2)) return 'day-month-swapped';
  if (
    a.length === b.length &&
    sameChars(a, 4, b, 4, a.length - 4) &&
    Math.abs(Number(a.slice(0, 4)) - Number(b.slice(0, 4))) === 1
  )
    return 'year-plus-minus-one';
  if (a.length === b.length && withinOneEdit(a, b)) return 'one-typo';
  const gap = Math.abs((dayA ?? dayNumber(a)) - (dayB ?? dayNumber(b)));
  if (gap <= 31) return 'within-a-month';
  if (gap <= 366) return 'within-a-year';
  return 'different';
}
