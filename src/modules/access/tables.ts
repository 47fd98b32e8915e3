import type { ColumnType, Generated } from 'kysely';

export interface RestrictedDetailTable {
  id: Generated<string>;
  partnership_id: string;
  agency_id: string;
  person_id: string;
  kind: 'safe-address' | 'new-area' | 'phone' | 'refuge-location';
  value: string;
  named_agency_ids: ColumnType<string[], string[], never>;
  named_team_ids: ColumnType<string[], string[] | undefined, never>;
  named_user_ids: ColumnType<string[], string[] | undefined, never>;
  source: ColumnType<'recorded' | 'import', 'recorded' | 'import' | undefined, never>;
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
  approval: ColumnType<'not-needed' | 'waiting' | 'approved' | 'refused', 'not-needed' | 'waiting' | undefined, never>;
  approved_by: ColumnType<string | null, never, never>;
  approved_at: ColumnType<Date | null, never, never>;
  escalated_at: ColumnType<Date | null, never, Date>;
}

export interface TeamTable {
  id: Generated<string>;
  partnership_id: string;
  agency_id: string;
  name: string;
  created_at: ColumnType<Date, never, never>;
}

export interface TeamMemberTable {
  team_id: string;
  user_id: string;
  partnership_id: string;
  agency_id: string;
  added_at: ColumnType<Date, never, never>;
}

export interface SafeguardingReviewerTable {
  partnership_id: string;
  user_id: string;
  designated_by: string;
  designated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface RestrictedRequestTable {
  id: Generated<string>;
  partnership_id: string;
  person_id: string;
  agency_id: string;
  user_id: string;
  reason: string;
  status: ColumnType<'waiting' | 'approved' | 'refused', never, never>;
  decided_by: ColumnType<string | null, never, never>;
  decided_at: ColumnType<Date | null, never, never>;
  decision_note: ColumnType<string | null, never, never>;
  open_until: ColumnType<Date | null, never, never>;
  opened_at: ColumnType<Date | null, never, never>;
  created_at: ColumnType<Date, never, never>;
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
    team: TeamTable;
    team_member: TeamMemberTable;
    safeguarding_reviewer: SafeguardingReviewerTable;
    restricted_request: RestrictedRequestTable;
  }
}
