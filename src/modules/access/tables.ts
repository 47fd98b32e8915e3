import type { ColumnType, Generated } from 'kysely';

export interface RestrictedDetailTable {
  id: Generated<string>;
  partnership_id: string;
  agency_id: string;
  person_id: string;
  kind: 'safe-address' | 'new-area' | 'phone' | 'refuge-location';
  value: string;
  named_agency_ids: ColumnType<string[], string[], never>;
  created_by: string;
  created_at: ColumnType<Date, never, never>;
}

export interface BreakGlassGrantTable {
  id: Generated<string>;
  partnership_id: string;
  agency_id: string;
  user_id: string;
  person_id: string;
  reason: string;
  granted_at: ColumnType<Date, never, never>;
  expires_at: Date;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  review_outcome: 'justified' | 'not-justified' | null;
  review_note: string | null;
}

export interface SharingDecisionTable {
  id: Generated<string>;
  partnership_id: string;
  person_id: string;
  agency_id: string;
  level: 'signpost' | 'shared-summary' | 'full';
  basis: 'consent' | 'marac-attendance' | 'risk-of-serious-harm' | 'legal-duty';
  note: string;
  recorded_by: string;
  recorded_by_agency_id: string;
  recorded_at: ColumnType<Date, never, never>;
}

declare module '../../db/schema.ts' {
  interface Database {
    restricted_detail: RestrictedDetailTable;
    break_glass_grant: BreakGlassGrantTable;
    sharing_decision: SharingDecisionTable;
  }
}
