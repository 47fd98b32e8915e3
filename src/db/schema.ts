import type { ColumnType, Generated } from 'kysely';

// Typed view of the tables, as the app role may see them.
type CreatedAt = ColumnType<Date, never, never>;

export const AGENCY_KINDS = [
  'police',
  'health',
  'childrens-social-care',
  'adult-social-care',
  'housing',
  'probation',
  'education',
  'idva-service',
  'refuge-voluntary',
  'other',
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export const ROLES = [
  'practitioner',
  'marac-coordinator',
  'marac-chair',
  'agency-lead',
  'partnership-analyst',
  'administrator',
] as const;
export type Role = (typeof ROLES)[number];

export interface PartnershipTable {
  id: Generated<string>;
  code: string;
  name: string;
  oidc_issuer: string | null;
  oidc_client_id: string | null;
  oidc_client_secret: string | null;
  escalation_incident_threshold: Generated<number>;
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
  totp_last_step: ColumnType<string | null, never, never>;
  /** The language the user chose in the header ('en' or 'cy'): their e-mails are written in it. */
  preferred_language: Generated<'en' | 'cy'>;
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

export type RiskLevelColumn = 'standard' | 'medium' | 'high';

export interface PersonTable {
  id: Generated<string>;
  partnership_id: string;
  agency_id: string;
  given_name: string;
  family_name: string;
  date_of_birth: string;
  created_by: string;
  created_at: CreatedAt;
  /** Set by the retention job; names and date of birth are then placeholders. */
  anonymised_at: ColumnType<Date | null, never, never>;
}

export interface IncidentTable {
  id: Generated<string>;
  partnership_id: string;
  agency_id: string;
  person_id: string;
  occurred_on: string;
  kind: string;
  severity: 'low' | 'medium' | 'high' | 'severe';
  police_recorded: boolean;
  created_at: CreatedAt;
}

type Json<T> = ColumnType<T, string, string>;

export interface AssessmentTable {
  id: Generated<string>;
  partnership_id: string;
  agency_id: string;
  person_id: string;
  instrument_id: string;
  instrument_version: string;
  status: Generated<'draft' | 'completed'>;
  answers: ColumnType<
    { questionId: string; answer: 'yes' | 'no' | 'dont-know' | 'not-asked'; comment?: string }[],
    string | undefined,
    string
  >;
  victim_view: string | null;
  judgement_level: RiskLevelColumn | null;
  judgement_reason: string | null;
  consent_to_share: 'given' | 'refused' | 'not-asked' | null;
  children_in_household: number | null;
  score: number | null;
  level_by_score: RiskLevelColumn | null;
  level: RiskLevelColumn | null;
  level_reasons: Json<string[]> | null;
  factors_present: Json<string[]> | null;
  criteria_met: Json<{ criterion: string; evidence: string }[]> | null;
  version: Generated<number>;
  created_by: string;
  created_at: CreatedAt;
  completed_on: string | null;
}

export interface MaracReferralTable {
  id: Generated<string>;
  partnership_id: string;
  referring_agency_id: string;
  person_id: string;
  assessment_id: string | null;
  criteria_met: Json<{ criterion: string; evidence: string }[]>;
  reason: string | null;
  status: Generated<'awaiting-coordinator' | 'accepted' | 'declined'>;
  referred_by: string;
  referred_at: CreatedAt;
}

export interface LastMaracTable {
  person_id: string;
  partnership_id: string;
  discussed_on: string;
}

export interface ApiCredentialTable {
  id: Generated<string>;
  partnership_id: string;
  agency_id: string;
  label: string;
  secret_hash: string;
  active: Generated<boolean>;
  created_by: string;
  created_at: CreatedAt;
  expires_at: Date;
  revoked_at: Date | null;
  revoked_by: string | null;
  replaces: string | null;
  last_used_at: ColumnType<Date | null, never, never>;
}

export interface Database {
  api_credential: ApiCredentialTable;
  person: PersonTable;
  incident: IncidentTable;
  assessment: AssessmentTable;
  marac_referral: MaracReferralTable;
  last_marac: LastMaracTable;
  partnership: PartnershipTable;
  agency: AgencyTable;
  app_user: AppUserTable;
  audit_event: AuditEventTable;
}
