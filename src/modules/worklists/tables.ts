import type { ColumnType, Generated } from 'kysely';

// Worklist items (migrations 0046, 0060), added to the typed schema by augmentation. Made and closed by triggers and jobs.
export const WORKLIST_KINDS = [
  'incident-without-checklist',
  'referral-not-picked-up',
  'criterion-without-referral',
  'cumulative-concern',
  'plan-review-overdue',
  'marac-action-overdue',
] as const;
export type WorklistKind = (typeof WORKLIST_KINDS)[number];

/** What the lead agency decided about a cumulative concern: the item closes only with one of these. */
export const CONCERN_DECISIONS = [
  'managed-by-lead-agency',
  'referred-to-marac',
  'referred-to-service',
  'no-further-action',
] as const;
export type ConcernDecision = (typeof CONCERN_DECISIONS)[number];

export const CONCERN_LEAD_RULES = ['most-incidents', 'latest-incident', 'named-agency'] as const;
export type ConcernLeadRule = (typeof CONCERN_LEAD_RULES)[number];

type Stamp = ColumnType<Date | null, Date | null | undefined, Date | null>;

export interface WorklistItemTable {
  id: Generated<string>;
  partnership_id: string;
  agency_id: string;
  owner_user_id: string | null;
  for_lead: Generated<boolean>;
  for_coordinator: Generated<boolean>;
  kind: WorklistKind;
  subject_type: 'incident' | 'referral' | 'assessment' | 'risk-plan' | 'marac-action';
  subject_id: string;
  person_id: string | null;
  due_at: ColumnType<Date, Date | string, never>;
  shows_from: Stamp;
  checklist_due_at: Stamp;
  answered_at: Stamp;
  status: Generated<'open' | 'closed'>;
  outcome: string | null;
  decision: ConcernDecision | null;
  closed_by: string | null;
  closed_at: ColumnType<Date | null, Date | null | undefined, Date>;
  created_at: Generated<Date>;
}

export interface WorklistSettingTable {
  partnership_id: string;
  police_checklist_hours: Generated<number>;
  other_checklist_hours: Generated<number>;
  criterion_referral_hours: Generated<number>;
  concern_checklist_days: Generated<number>;
  concern_decision_days: Generated<number>;
  concern_lead_rule: Generated<ConcernLeadRule>;
  concern_lead_agency_id: string | null;
  version: Generated<number>;
  updated_by: string;
  updated_at: Generated<Date>;
}

declare module '../../db/schema.ts' {
  interface Database {
    worklist_item: WorklistItemTable;
    worklist_setting: WorklistSettingTable;
  }
}
