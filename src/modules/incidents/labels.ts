// Words of the pages that record an incident or contact, in practitioners' words.

export const ROLE_LABELS: Record<string, string> = {
  victim: 'Victim',
  perpetrator: 'Perpetrator',
  child: 'Child',
  witness: 'Witness',
  other: 'Other',
};

export const SEVERITY_LABELS: Record<string, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  severe: 'Severe',
};

export const RECORD_TEXT = {
  title: 'Record an incident or contact',
  findTitle: 'Record an incident or contact: find the person',
  notOwn:
    'Your agency holds no record of this person. Find your agency’s record, or send the incident from your agency’s system.',
  notAllowed: 'Only practitioners and domestic abuse leads record incidents and contacts for their agency.',
  abuse: 'abuse incident',
  support: 'support contact',
} as const;
