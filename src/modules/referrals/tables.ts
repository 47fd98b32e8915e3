import type { ColumnType, Generated } from 'kysely';

// Table types for referrals between services (migration 0045), added to the typed schema by augmentation.
type Stamp = ColumnType<Date, Date | string | undefined, Date | string>;

export const REFERRAL_SERVICES = [
  'idva',
  'childrens-social-care',
  'adult-social-care',
  'housing-sanctuary',
  'specialist-domestic-abuse',
  'mental-health',
  'substance-misuse',
  'perpetrator-programme',
  'other',
] as const;
export type ReferralService = (typeof REFERRAL_SERVICES)[number];
export type ReferralStatus = 'awaiting' | 'accepted' | 'declined';
export type ReferralLevel = 'standard' | 'medium' | 'high';
export type SharedLevel = 'shared-summary' | 'full';

export interface ReferralTable {
  id: Generated<string>;
  partnership_id: string;
  /** The referring agency, which owns the record. */
  agency_id: string;
  to_agency_id: string;
  service: ReferralService;
  person_id: string;
  assessment_id: string | null;
  step_id: string | null;
  risk_level: ReferralLevel;
  reason: string;
  consent_status: 'given' | 'refused' | 'not-asked';
  lawful_basis: string | null;
  shared_level: SharedLevel;
  status: Generated<ReferralStatus>;
  referred_by: string;
  referred_at: ColumnType<Date, Date | string | undefined, never>;
  due_at: Stamp;
  allocated_user_id: string | null;
  decided_by: string | null;
  decided_at: Stamp | null;
  decline_reason: string | null;
  escalated_at: Stamp | null;
}

export interface ReferralResponseTimeTable {
  partnership_id: string;
  high_hours: number;
  medium_hours: number;
  standard_hours: number;
  version: number;
  updated_by: string;
  updated_at: Generated<Date>;
}

declare module '../../db/schema.ts' {
  interface Database {
    referral: ReferralTable;
    referral_response_time: ReferralResponseTimeTable;
  }
}
