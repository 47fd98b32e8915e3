import type { ColumnType, Generated } from 'kysely';

// Typed view of the tables, as the app role may see them.
type CreatedAt = ColumnType<Date, never, never>;

export const AGENCY_KINDS = [
  'police', 'health', 'childrens-social-care', 'adult-social-care', 'housing',
  'probation', 'education', 'idva-service', 'refuge-voluntary', 'other',
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export const ROLES = [
  'practitioner', 'marac-coordinator', 'marac-chair', 'agency-lead', 'partnership-analyst', 'administrator',
] as const;
export type Role = (typeof ROLES)[number];

export interface PartnershipTable {
  id: Generated<string>;
  code: string;
  name: string;
  oidc_issuer: string | null;
  oidc_client_id: string | null;
  oidc_client_secret: string | null;
  created_at: CreatedAt;
}

export interface AgencyTable {
  id: Generated<string>;
  partnership_id: string;
  name: string;
  kind: AgencyKind;
  active: Generated<boolean>;
  created_at: CreatedAt;
}

export interface AppUserTable {
  id: Generated<string>;
  partnership_id: string;
  agency_id: string;
  email: string;
  display_name: string;
  role: Role;
  password_hash: string | null;
  totp_secret: string | null;
  oidc_subject: string | null;
  active: Generated<boolean>;
  failed_sign_ins: Generated<number>;
  locked_until: Date | null;
  created_at: CreatedAt;
}

export interface AuditEventTable {
  id: number;
  occurred_at: Date;
  partnership_id: string | null;
  user_id: string | null;
  agency_id: string | null;
  role: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  outcome: 'success' | 'denied' | 'failure';
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

export interface Database {
  partnership: PartnershipTable;
  agency: AgencyTable;
  app_user: AppUserTable;
  audit_event: AuditEventTable;
}
