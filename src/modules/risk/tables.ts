import type { ColumnType, Generated } from 'kysely';
import type { ChildRating } from './instrument.ts';
import type { ResponseStep, StepOutcome, TieredResponseConfig } from './tiered-response.ts';

// Tables added by migration 0005-risk-plans, joined to Kysely's Database by
// module augmentation (src/db/schema.ts belongs to the platform).
type Json<T> = ColumnType<T, string, string>;
type CreatedAt = ColumnType<Date, never, never>;

export type Relationship = 'perpetrator' | 'child' | 'other';
export type PlanKind = 'risk-management' | 'safety';

export interface TieredResponseConfigTable {
  partnership_id: string;
  config: Json<TieredResponseConfig>;
  version: Generated<number>;
  updated_by: string;
  updated_at: ColumnType<Date, never, string>;
}

export interface HouseholdMemberTable {
  id: Generated<string>;
  partnership_id: string;
  agency_id: string;
  assessment_id: string;
  relationship: Relationship;
  given_name: string;
  family_name: string | null;
  date_of_birth: string | null;
  description: string | null;
  created_by: string;
  created_at: CreatedAt;
}

export interface ChildRiskRatingTable {
  id: Generated<string>;
  partnership_id: string;
  agency_id: string;
  assessment_id: string;
  household_member_id: string;
  instrument_id: string;
  instrument_version: string;
  ratings: Json<Record<string, ChildRating>>;
  judgement_rating: ChildRating | null;
  judgement_reason: string | null;
  overall: ChildRating;
  reasons: Json<string[]>;
  rated_by: string;
  rated_at: CreatedAt;
}

export interface StepOutcomeTable {
  id: Generated<string>;
  partnership_id: string;
  agency_id: string;
  assessment_id: string;
  step_id: string;
  outcome: StepOutcome['outcome'];
  reason: string | null;
  recorded_by: string;
  recorded_at: CreatedAt;
}

export interface RiskPlanTable {
  id: Generated<string>;
  partnership_id: string;
  agency_id: string;
  assessment_id: string;
  kind: PlanKind;
  version: number;
  plan: Json<unknown>;
  agreed_on: string;
  review_on: string;
  owner_agency: string;
  created_by: string;
  created_at: CreatedAt;
}

declare module '../../db/schema.ts' {
  interface Database {
    tiered_response_config: TieredResponseConfigTable;
    household_member: HouseholdMemberTable;
    child_risk_rating: ChildRiskRatingTable;
    step_outcome: StepOutcomeTable;
    risk_plan: RiskPlanTable;
  }
  interface AssessmentTable {
    next_steps: Json<ResponseStep[]> | null;
  }
}
