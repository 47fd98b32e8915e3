import { compareDob, DOB_LEVELS } from './dates.ts';
import { compareFirstNames, compareSurnames, FIRST_NAME_LEVELS, SURNAME_LEVELS } from './names.ts';
import {
  compareEmail,
  compareIdentifier,
  compareSex,
  compareText,
  EMAIL_LEVELS,
  IDENTIFIER_LEVELS,
  TEXT_LEVELS,
} from './other-comparisons.ts';
import { comparePostcodes } from './postcodes.ts';
import type { PreparedRecord } from './prepare.ts';

/**
 * One comparison of the Fellegi-Sunter model: a field compared at ordered levels, from
 * full agreement (0) to disagreement (last). compare() returns the level index, or -1
 * when either value is missing (no evidence either way).
 */
export interface Comparison {
  readonly name: string;
  readonly levels: readonly string[];
  /** Whether a record has a value for this comparison. */
  present(r: PreparedRecord): boolean;
  compare(a: PreparedRecord, b: PreparedRecord): number;
  /** Value whose frequency adjusts the weight of an exact agreement (term frequency). */
  termFrequencyValue?(r: PreparedRecord): string | null;
}

function define<L extends string>(
  name: string,
  levels: readonly L[],
  present: (r: PreparedRecord) => boolean,
  compare: (a: PreparedRecord, b: PreparedRecord) => L | null,
  termFrequencyValue?: (r: PreparedRecord) => string | null,
): Comparison {
  return {
    name,
    levels,
    present,
    compare: (a, b) => {
      const level = compare(a, b);
      // A search of a few constant strings costs less than a Map look-up, for every pair.
      return level === null ? -1 : levels.indexOf(level);
    },
    ...(termFrequencyValue ? { termFrequencyValue } : {}),
  };
}

export const firstNameComparison = define(
  'firstName',
  FIRST_NAME_LEVELS,
  (r) => r.first !== null,
  compareFirstNames,
  (r) => r.first,
);
export const surnameComparison = define(
  'surname',
  SURNAME_LEVELS,
  (r) => r.surname !== null,
  compareSurnames,
  (r) => r.surname,
);
export const dobComparison = define(
  'dob',
  DOB_LEVELS,
  (r) => r.dob !== null,
  (a, b) => compareDob(a.dob, b.dob, a.dobDay, b.dobDay),
  (r) => r.dob,
);
export const PLACE_LEVELS = [
  'postcode-unit',
  'postcode-sector',
  'postcode-district',
  'same-town',
  'postcode-area',
  'different',
] as const;
export type PlaceLevel = (typeof PLACE_LEVELS)[number];

/**
 * Where the person lives: postcode and town together, as one comparison because they are
 * far from independent (counting both would count one fact twice). Postcode unit, sector
 * and district first; then the same town; then the same postcode area.
 */
export function comparePlace(a: PreparedRecord, b: PreparedRecord): PlaceLevel | null {
  const postcode = comparePostcodes(a.postcode, b.postcode);
  if (postcode === 'unit' || postcode === 'sector' || postcode === 'district') return `postcode-${postcode}`;
  const town = compareText(a.town, b.town);
  if (town === 'exact' || town === 'similar') return 'same-town';
  if (postcode === 'area') return 'postcode-area';
  if (postcode === null && town === null) return null;
  return 'different';
}

export const placeComparison = define(
  'place',
  PLACE_LEVELS,
  (r) => r.postcode !== null || r.town !== null,
  comparePlace,
  (r) => r.postcode?.raw ?? null,
);
export const sexComparison = define(
  'sex',
  ['same', 'different'] as const,
  (r) => r.sex !== null,
  (a, b) => compareSex(a.sex, b.sex),
);
export const addressComparison = define(
  'address',
  TEXT_LEVELS,
  (r) => r.address !== null,
  (a, b) => compareText(a.address, b.address),
);
export const birthPlaceComparison = define(
  'birthPlace',
  TEXT_LEVELS,
  (r) => r.birthPlace !== null,
  (a, b) => compareText(a.birthPlace, b.birthPlace),
  (r) => r.birthPlace,
);
export const emailComparison = define(
  'email',
  EMAIL_LEVELS,
  (r) => r.email !== null,
  (a, b) => compareEmail(a.email, b.email),
);
export const nhsNumberComparison = define(
  'nhsNumber',
  IDENTIFIER_LEVELS,
  (r) => r.nhsNumber !== null,
  (a, b) => compareIdentifier(a.nhsNumber, b.nhsNumber, false),
);
export const pncIdComparison = define(
  'pncId',
  IDENTIFIER_LEVELS,
  (r) => r.pncId !== null,
  (a, b) => compareIdentifier(a.pncId, b.pncId, false),
);
export const otherIdComparison = define(
  'otherId',
  IDENTIFIER_LEVELS,
  (r) => r.otherId !== null,
  (a, b) => compareIdentifier(a.otherId, b.otherId, true),
);

/** Every comparison the matcher knows, in a fixed order. */
export const ALL_COMPARISONS: readonly Comparison[] = [
  firstNameComparison,
  surnameComparison,
  dobComparison,
  placeComparison,
  sexComparison,
  addressComparison,
  birthPlaceComparison,
  emailComparison,
  nhsNumberComparison,
  pncIdComparison,
  otherIdComparison,
];

/**
 * The comparisons worth using for a data set: those whose field is filled in for at least
 * `minShare` of the records on each side (a field nobody fills in carries no evidence).
 */
export function selectComparisons(
  sides: readonly (readonly PreparedRecord[])[],
  minShare = 0.01,
  candidates: readonly Comparison[] = ALL_COMPARISONS,
): Comparison[] {
  return candidates.filter((c) =>
    sides.every((records) => {
      if (records.length === 0) return false;
      let n = 0;
      for (const r of records) if (c.present(r)) n++;
      return n / records.length >= minShare;
    }),
  );
}
