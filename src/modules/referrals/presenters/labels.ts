import { CONSENT_LABELS, LEVEL_LABELS, SERVICE_LABELS, SHARED_LABELS, STATUS_LABELS } from '../labels.ts';

/** The words the referral templates look statuses, services and levels up in. */
export const templateLabels = {
  services: SERVICE_LABELS,
  statuses: STATUS_LABELS,
  shared: SHARED_LABELS,
  levels: LEVEL_LABELS,
  consent: CONSENT_LABELS,
};
