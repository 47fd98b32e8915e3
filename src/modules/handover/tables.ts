import type { Generated } from 'kysely';

// Handovers of a worker's open work to a colleague (migration 0067), added to the typed schema by augmentation.
export interface HandoverTable {
  id: Generated<string>;
  partnership_id: string;
  agency_id: string;
  from_user_id: string;
  to_user_id: string | null;
  note: string;
  made_by: string | null;
  made_at: Generated<Date>;
  referrals: number;
  worklist_items: number;
}

declare module '../../db/schema.ts' {
  interface Database {
    handover: HandoverTable;
  }
}
