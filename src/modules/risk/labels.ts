export const LEVEL_LABELS = { standard: 'Standard', medium: 'Medium', high: 'High' } as const;
export const LEVEL_TAG = { standard: 'govuk-tag--grey', medium: 'govuk-tag--yellow', high: 'govuk-tag--red' } as const;
export const CRITERION_LABELS: Record<string, string> = {
  'visible-high-risk': 'Visible high risk',
  'professional-judgement': 'Professional judgement',
  'potential-escalation': 'Potential escalation',
  repeat: 'Repeat (within 12 months of the last MARAC)',
};
export const CONSENT_LABELS = { given: 'Consent given', refused: 'Consent refused', 'not-asked': 'Not asked' } as const;
export const OUTCOME_LABELS = { done: 'Done', declined: 'Declined', 'not-applicable': 'Not applicable' } as const;
export const RELATIONSHIP_LABELS = {
  perpetrator: 'Person causing harm',
  child: 'Child',
  other: 'Other household member',
} as const;
export const RARA_LABELS = { remove: 'Remove', avoid: 'Avoid', reduce: 'Reduce', accept: 'Accept' } as const;
export const STATUS_LABELS = {
  planned: 'Planned',
  'in-progress': 'In progress',
  done: 'Done',
  'not-done': 'Not done',
} as const;
export const CHILD_RATING_TAG = {
  low: 'govuk-tag--grey',
  medium: 'govuk-tag--yellow',
  high: 'govuk-tag--orange',
  severe: 'govuk-tag--red',
} as const;
export const SAFETY_TOPIC_LABELS: Record<string, string> = {
  'emergency-contacts': 'Who to call in an emergency',
  'leaving-safely': 'Leaving safely',
  'safe-place': 'A safe place to go',
  'important-documents': 'Important documents and belongings',
  children: 'The children',
  'phone-and-online-safety': 'Phone and online safety',
  'code-word': 'A code word',
  'home-security': 'Home security',
  other: 'Anything else',
};
