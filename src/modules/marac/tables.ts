import type { ColumnType, Generated } from 'kysely';

// Table types for the MARAC module, added to the typed schema by augmentation (src/db/schema.ts is shared).
type Stamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type Consent = 'given' | 'refused' | 'not-asked';
export type RiskLevel = 'standard' | 'medium' | 'high';
export type VictimSex = 'female' | 'male' | 'other' | 'not-known';

export interface MaracAreaTable {
  partnership_id: string;
  adult_women_population: number;
  /** Share of the area's adult population from black and minority ethnic groups; numeric comes back as text. */
  bme_population_percent: ColumnType<string | null, number | null | undefined, number | null>;
  updated_by: string;
  updated_at: Generated<Date>;
}

export interface MaracCaseTable {
  id: Generated<string>;
  partnership_id: string;
  agency_id: string;
  person_id: string;
  status: Generated<'open' | 'closed' | 'transferred'>;
  listing_needed: Generated<boolean>;
  is_repeat: Generated<boolean>;
  risk_level: RiskLevel | null;
  summary: string | null;
  children_in_household: Generated<number>;
  consent_status: Generated<Consent>;
  lawful_basis: string | null;
  victim_sex: Generated<VictimSex>;
  victim_bme: boolean | null;
  victim_lgbt: boolean | null;
  victim_disabled: boolean | null;
  first_referral_at: Stamp;
  opened_by: string;
  opened_at: Generated<Date>;
  outcome: string | null;
  closed_by: string | null;
  closed_at: Date | null;
  transferred_in_from: string | null;
}

export interface MaracMeetingTable {
  id: Generated<string>;
  partnership_id: string;
  agency_id: string;
  held_on: string;
  chair_user_id: string;
  capacity: number;
  status: Generated<'scheduled' | 'held'>;
  created_by: string;
  created_at: Generated<Date>;
}

export interface MaracMeetingAgencyTable {
  meeting_id: string;
  partnership_id: string;
  agency_id: string;
}

export interface MaracMeetingCaseTable {
  meeting_id: string;
  case_id: string;
  partnership_id: string;
  position: number;
  is_repeat: boolean;
  children_in_household: number;
  information_shared: string | null;
  decisions: string | null;
}

export interface MaracResearchTable {
  id: Generated<string>;
  partnership_id: string;
  meeting_id: string;
  case_id: string;
  agency_id: string;
  no_trace: boolean;
  victim: string | null;
  perpetrator: string | null;
  children: string | null;
  recorded_by: string;
  recorded_at: Stamp;
}

export interface MaracActionTable {
  id: Generated<string>;
  partnership_id: string;
  case_id: string;
  meeting_id: string;
  owner_agency_id: string;
  description: string;
  due_on: string;
  status: Generated<'open' | 'completed'>;
  completion_note: string | null;
  completed_by: string | null;
  completed_at: Date | null;
  last_reminded_on: string | null;
  created_by: string;
  created_at: Generated<Date>;
}

export interface MaracRepeatFlagTable {
  id: Generated<string>;
  partnership_id: string;
  person_id: string;
  source: 'incident' | 'assessment' | 'referral';
  source_id: string;
  last_marac_on: string;
  flagged_at: Generated<Date>;
  seen_at: Date | null;
}

export interface TransferPackage {
  victim: { givenName: string; familyName: string; dateOfBirth: string };
  summary: string | null;
  riskLevel: RiskLevel | null;
  consentStatus: Consent;
  lawfulBasis: string | null;
  childrenInHousehold: number;
  isRepeat: boolean;
  openActions: { agency: string; description: string; dueOn: string }[];
  lastDiscussedOn: string | null;
  /** The victim's new address is a restricted detail (docs/access-model.md): it is not in this package. */
}

export interface MaracTransferOutTable {
  id: Generated<string>;
  partnership_id: string;
  case_id: string;
  to_partnership_name: string;
  status: Generated<'sent' | 'accepted'>;
  sent_by: string;
  sent_at: Generated<Date>;
  accepted_at: Date | null;
}

export interface MaracTransferInTable {
  id: Generated<string>;
  partnership_id: string;
  transfer_out_id: string;
  from_partnership_name: string;
  package: ColumnType<TransferPackage, string, string>;
  status: Generated<'received' | 'accepted'>;
  received_at: Generated<Date>;
  accepted_by: string | null;
  accepted_at: Date | null;
  case_id: string | null;
}

declare module '../../db/schema.ts' {
  interface Database {
    marac_area: MaracAreaTable;
    marac_case: MaracCaseTable;
    marac_meeting: MaracMeetingTable;
    marac_meeting_agency: MaracMeetingAgencyTable;
    marac_meeting_case: MaracMeetingCaseTable;
    marac_research: MaracResearchTable;
    marac_action: MaracActionTable;
    marac_repeat_flag: MaracRepeatFlagTable;
    marac_transfer_out: MaracTransferOutTable;
    marac_transfer_in: MaracTransferInTable;
  }
  interface MaracReferralTable {
    source: Generated<'checklist' | 'manual'>;
    consent_status: Consent | null;
    lawful_basis: string | null;
    children_in_household: number | null;
    is_repeat: Generated<boolean>;
    case_id: string | null;
    decision_reason: string | null;
    decided_by: string | null;
    decided_at: Date | null;
  }
}
