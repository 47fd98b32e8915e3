/** The shape of a person record as the matcher sees it: every field optional except id. */
export interface PersonRecord {
  id: string;
  firstName?: string | null;
  middleNames?: string | null;
  surname?: string | null;
  /** Whole name as written ("Sir George Wheler"); tokens not in first/surname count as other names. */
  fullName?: string | null;
  /** Other names the person is known by (maiden name, alias). */
  aliases?: readonly string[] | null;
  /** Date of birth: YYYY-MM-DD, YYYYMMDD or DD/MM/YYYY. */
  dob?: string | null;
  sex?: string | null;
  postcode?: string | null;
  /** Free-text address line(s) without the postcode. */
  address?: string | null;
  town?: string | null;
  birthPlace?: string | null;
  email?: string | null;
  nhsNumber?: string | null;
  pncId?: string | null;
  /**
   * Another identifier that belongs to one person only and that the sources share (a
   * social security number, a shared client index number). Never map a household or case
   * reference here: an exact agreement overrides the twins guard.
   */
  otherId?: string | null;
}

/** Field names a caller may map columns onto. */
export const PERSON_FIELDS = [
  'firstName',
  'middleNames',
  'surname',
  'fullName',
  'aliases',
  'dob',
  'sex',
  'postcode',
  'address',
  'town',
  'birthPlace',
  'email',
  'nhsNumber',
  'pncId',
  'otherId',
] as const satisfies readonly (keyof PersonRecord)[];

export type PersonField = (typeof PERSON_FIELDS)[number];
