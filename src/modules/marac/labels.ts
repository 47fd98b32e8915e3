export const STATUS_LABELS: Record<string, string> = {
  'awaiting-coordinator': 'Awaiting the coordinator',
  accepted: 'Accepted',
  declined: 'Declined',
};
export const STATUS_TAGS: Record<string, string> = {
  'awaiting-coordinator': 'govuk-tag--blue',
  accepted: 'govuk-tag--green',
  declined: 'govuk-tag--red',
};
export const CONSENT_LABELS: Record<string, string> = {
  given: 'Consent given',
  refused: 'Consent refused',
  'not-asked': 'Not asked',
};
export const LEVEL_LABELS: Record<string, string> = { high: 'High', medium: 'Medium', standard: 'Standard' };
export const SEX_LABELS: Record<string, string> = {
  female: 'Female',
  male: 'Male',
  other: 'Other',
  'not-known': 'Not known',
};
export const SOURCE_LABELS: Record<string, string> = {
  incident: 'New incident',
  assessment: 'New risk checklist',
  referral: 'New referral',
};
export const CASE_STATUS_LABELS: Record<string, string> = {
  open: 'Open',
  closed: 'Closed',
  transferred: 'Transferred',
};
