import type { ConcernDecision, ConcernLeadRule, WorklistKind } from './tables.ts';

export const KIND_LABELS: Record<WorklistKind, string> = {
  'incident-without-checklist': 'Abuse incident with no risk checklist',
  'referral-not-picked-up': 'Referral not picked up in time',
  'criterion-without-referral': 'MARAC criterion met with no referral',
  'cumulative-concern': 'Cumulative concern: several agencies, nobody owns the risk',
  'plan-review-overdue': 'Plan past its review date',
  'marac-action-overdue': 'MARAC action overdue',
};

export const DECISION_LABELS: Record<ConcernDecision, string> = {
  'managed-by-lead-agency': 'The lead agency manages the risk (checklist done, plan agreed)',
  'referred-to-marac': 'Referred to MARAC',
  'referred-to-service': 'Referred to another service',
  'no-further-action': 'No further action, with the reason recorded',
};

export const LEAD_RULE_LABELS: Record<ConcernLeadRule, string> = {
  'most-incidents': 'The agency that recorded the most incidents',
  'latest-incident': 'The agency that recorded the latest incident',
  'named-agency': 'One named agency',
};

export const TIME_LABELS: Record<string, string> = {
  'incident-without-checklist': 'From an abuse incident to a risk checklist',
  'criterion-without-referral': 'From a MARAC criterion met to the MARAC referral',
};
