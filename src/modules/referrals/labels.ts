import type { ReferralService, ReferralStatus, SharedLevel } from './tables.ts';

export const SERVICE_LABELS: Record<ReferralService, string> = {
  idva: 'IDVA service',
  'childrens-social-care': "Children's social care (MASH)",
  'adult-social-care': 'Adult social care',
  'housing-sanctuary': 'Housing: sanctuary and target hardening',
  'specialist-domestic-abuse': 'Specialist domestic abuse service',
  'mental-health': 'Mental health',
  'substance-misuse': 'Substance misuse',
  'perpetrator-programme': 'Perpetrator programme',
  other: 'Other service',
};

export const STATUS_LABELS: Record<ReferralStatus, string> = {
  awaiting: 'Awaiting a decision',
  accepted: 'Accepted',
  declined: 'Declined',
};
export const SHARED_LABELS: Record<SharedLevel, string> = {
  'shared-summary': 'A shared summary: risk level, flags, MARAC status and open actions',
  full: 'The full record held by the referring agency',
};
export const LEVEL_LABELS = { standard: 'Standard', medium: 'Medium', high: 'High' } as const;
export const CONSENT_LABELS = {
  given: 'Victim consented to the referral',
  refused: 'Victim refused consent',
  'not-asked': 'Victim not asked',
} as const;
