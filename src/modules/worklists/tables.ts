import type { ColumnType, Generated } from 'kysely';

// Worklist items (migration 0046), added to the typed schema by augmentation. Made and closed by triggers and jobs.
export const WORKLIST_KINDS = ['incident-without-checklist', 'referral-not-picked-up'] as const;
export type WorklistKind = (typeof WORKLIST_KINDS)[number];

export interface WorklistItemTable {
  id: Generated<string>;
  partnership_id: string;
  agency_id: string;
  owner_user_id: string | null;
  for_lead: Generated<boolean>;
  kind: WorklistKind;
  subject_type: 'incident' | 'referral';
  subject_id: string;
  person_id: string | null;
  due_at: ColumnType<Date, Date | string, never>;
  status: Generated<'open' | 'closed'>;
  outcome: string | null;
  closed_by: string | null;
  closed_at: ColumnType<Date | null, Date | null | undefined, Date>;
  created_at: Generated<Date>;
}

declare module '../../db/schema.ts' {
  interface Database {
    worklist_item: WorklistItemTable;
  }
}
