import type { WorklistKind } from './tables.ts';

export const KIND_LABELS: Record<WorklistKind, string> = {
  'incident-without-checklist': 'Abuse incident with no risk checklist',
  'referral-not-picked-up': 'Referral not picked up in time',
};
