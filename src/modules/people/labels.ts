// What the people pages call things, in practitioners' words.

/** The details the matching engine compares, as the match page names them. */
export const COMPARISON_LABELS: Record<string, string> = {
  firstName: 'First name',
  surname: 'Last name',
  dob: 'Date of birth',
  place: 'Postcode or town',
  sex: 'Sex',
  address: 'Address',
  birthPlace: 'Place of birth',
  email: 'Email',
  nhsNumber: 'NHS number',
  pncId: 'PNC ID',
  otherId: 'Other identifier',
};
