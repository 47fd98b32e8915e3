import { sql } from 'kysely';
import type { Tx } from '../../db/tenancy.ts';
import type { AssessmentTable } from '../../db/schema.ts';
import type { ChildRiskRatingTable, HouseholdMemberTable, PlanKind, StepOutcomeTable } from './tables.ts';
import type { TieredResponseConfig } from './tiered-response.ts';

// SQL for risk identification. Row-level security scopes every read to the
// actor's partnership and every write to the actor's own agency.

/** The assessing agency's own record of the victim: another agency's record is reached only through a link. */
export const findOwnPersonByIdentity = (
  tx: Tx,
  partnershipId: string,
  agencyId: string,
  p: { givenName: string; familyName: string; dateOfBirth: string },
) =>
  tx
    .selectFrom('person')
    .select(['id'])
    .where('partnership_id', '=', partnershipId)
    .where('agency_id', '=', agencyId)
    .where(sql`lower(family_name)`, '=', p.familyName.toLowerCase())
    .where(sql`lower(given_name)`, '=', p.givenName.toLowerCase())
    .where('date_of_birth', '=', p.dateOfBirth)
    .orderBy('created_at')
    .executeTakeFirst();

export const insertPerson = (
  tx: Tx,
  row: {
    partnership_id: string;
    agency_id: string;
    given_name: string;
    family_name: string;
    date_of_birth: string;
    created_by: string;
  },
) => tx.insertInto('person').values(row).returning('id').executeTakeFirstOrThrow();

export const insertAssessment = (
  tx: Tx,
  row: {
    partnership_id: string;
    agency_id: string;
    person_id: string;
    instrument_id: string;
    instrument_version: string;
    created_by: string;
  },
) => tx.insertInto('assessment').values(row).returning('id').executeTakeFirstOrThrow();

export const findAssessment = (tx: Tx, partnershipId: string, id: string) =>
  tx
    .selectFrom('assessment')
    .innerJoin('person', 'person.id', 'assessment.person_id')
    .innerJoin('agency', 'agency.id', 'assessment.agency_id')
    .selectAll('assessment')
    .select(['person.given_name', 'person.family_name', 'person.date_of_birth', 'agency.name as agency_name'])
    .where('assessment.partnership_id', '=', partnershipId)
    .where('assessment.id', '=', id)
    .executeTakeFirst();

export type AssessmentChanges = Partial<
  Pick<
    AssessmentTable,
    | 'victim_view'
    | 'judgement_level'
    | 'judgement_reason'
    | 'consent_to_share'
    | 'children_in_household'
    | 'score'
    | 'level_by_score'
    | 'level'
    | 'completed_on'
  >
> & {
  answers?: string;
  level_reasons?: string;
  factors_present?: string;
  criteria_met?: string;
  next_steps?: string;
  status?: 'draft' | 'completed';
};

/** Optimistic concurrency: the update applies only to the version the user loaded. */
export const updateDraft = (tx: Tx, id: string, version: number, changes: AssessmentChanges) =>
  tx
    .updateTable('assessment')
    .set({ ...changes, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', 'draft')
    .executeTakeFirst();

/** Completed checklists of these records (a person and the records linked to it), but not `excludeId`. */
export const earlierAssessments = (tx: Tx, personIds: readonly string[], excludeId: string) =>
  tx
    .selectFrom('assessment')
    .innerJoin('agency', 'agency.id', 'assessment.agency_id')
    .select([
      'assessment.id',
      'assessment.person_id',
      'assessment.agency_id',
      'assessment.completed_on',
      'assessment.score',
      'assessment.level',
      'assessment.factors_present',
      'agency.name as agency_name',
      'assessment.instrument_id',
    ])
    .where('assessment.person_id', 'in', [...personIds])
    .where('assessment.status', '=', 'completed')
    .where('assessment.id', '!=', excludeId)
    .orderBy('assessment.completed_on')
    .orderBy('assessment.id')
    .execute();

/** Incidents recorded against these records (a person and the records linked to it) since a date. */
export const incidentsSince = (tx: Tx, personIds: readonly string[], since: string) =>
  tx
    .selectFrom('incident')
    .innerJoin('agency', 'agency.id', 'incident.agency_id')
    .select([
      'incident.id',
      'incident.person_id',
      'incident.agency_id',
      'incident.occurred_on',
      'incident.kind',
      sql<string | null>`incident.contact_type`.as('contact_type'),
      'incident.severity',
      'incident.police_recorded',
      'agency.name as agency_name',
      sql<boolean>`incident.is_abuse`.as('is_abuse'),
    ])
    .where('incident.person_id', 'in', [...personIds])
    .where('incident.occurred_on', '>=', since)
    .orderBy('incident.occurred_on')
    .orderBy('incident.id')
    .execute();

export const escalationThreshold = async (tx: Tx, partnershipId: string) =>
  (
    await tx
      .selectFrom('partnership')
      .select('escalation_incident_threshold')
      .where('id', '=', partnershipId)
      .executeTakeFirstOrThrow()
  ).escalation_incident_threshold;

export const referralForAssessment = (tx: Tx, assessmentId: string) =>
  tx
    .selectFrom('marac_referral')
    .select(['id', 'status', 'referred_at'])
    .where('assessment_id', '=', assessmentId)
    .executeTakeFirst();

export const insertReferral = (
  tx: Tx,
  row: {
    partnership_id: string;
    referring_agency_id: string;
    person_id: string;
    assessment_id: string;
    criteria_met: string;
    reason: string | null;
    referred_by: string;
  },
) => tx.insertInto('marac_referral').values(row).returning('id').executeTakeFirstOrThrow();

// The partnership's configured minimum response; no row means the default.
export const responseConfig = (tx: Tx, partnershipId: string) =>
  tx
    .selectFrom('tiered_response_config')
    .select(['config', 'version', 'updated_at'])
    .where('partnership_id', '=', partnershipId)
    .executeTakeFirst();

export const insertResponseConfig = (
  tx: Tx,
  row: { partnership_id: string; config: TieredResponseConfig; updated_by: string },
) =>
  tx
    .insertInto('tiered_response_config')
    .values({ ...row, config: JSON.stringify(row.config) })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();

/** Optimistic concurrency, as for a checklist: applies only to the version the administrator loaded. */
export const updateResponseConfig = (
  tx: Tx,
  partnershipId: string,
  version: number,
  row: { config: TieredResponseConfig; updated_by: string },
) =>
  tx
    .updateTable('tiered_response_config')
    .set({
      config: JSON.stringify(row.config),
      updated_by: row.updated_by,
      updated_at: sql`now()`,
      version: sql`version + 1`,
    })
    .where('partnership_id', '=', partnershipId)
    .where('version', '=', version)
    .executeTakeFirst();

export const setEscalationThreshold = (tx: Tx, partnershipId: string, threshold: number) =>
  tx
    .updateTable('partnership')
    .set({ escalation_incident_threshold: threshold })
    .where('id', '=', partnershipId)
    .executeTakeFirst();

export const householdOf = (tx: Tx, assessmentId: string) =>
  tx
    .selectFrom('household_member')
    .select(['id', 'relationship', 'given_name', 'family_name', 'date_of_birth', 'description', 'agency_id'])
    .where('assessment_id', '=', assessmentId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();

export const insertHouseholdMember = (tx: Tx, row: Omit<HouseholdMemberTable, 'id' | 'created_at'>) =>
  tx.insertInto('household_member').values(row).returning('id').executeTakeFirstOrThrow();

export const deleteHouseholdMember = (tx: Tx, assessmentId: string, id: string) =>
  tx.deleteFrom('household_member').where('assessment_id', '=', assessmentId).where('id', '=', id).executeTakeFirst();

/** Every rating of the assessment's children, newest last: the latest per child is the current one. */
export const childRatingsOf = (tx: Tx, assessmentId: string) =>
  tx
    .selectFrom('child_risk_rating')
    .select([
      'id',
      'household_member_id',
      'instrument_id',
      'instrument_version',
      'ratings',
      'judgement_rating',
      'judgement_reason',
      'overall',
      'reasons',
      'rated_at',
    ])
    .where('assessment_id', '=', assessmentId)
    .orderBy('rated_at')
    .orderBy('id')
    .execute();

export const insertChildRating = (
  tx: Tx,
  row: Omit<ChildRiskRatingTable, 'id' | 'rated_at' | 'ratings' | 'reasons'> & { ratings: string; reasons: string },
) => tx.insertInto('child_risk_rating').values(row).returning('id').executeTakeFirstOrThrow();

export const stepOutcomesOf = (tx: Tx, assessmentId: string) =>
  tx
    .selectFrom('step_outcome')
    .innerJoin('agency', 'agency.id', 'step_outcome.agency_id')
    .select([
      'step_outcome.id',
      'step_outcome.step_id',
      'step_outcome.outcome',
      'step_outcome.reason',
      'step_outcome.recorded_at',
      'agency.name as agency_name',
    ])
    .where('step_outcome.assessment_id', '=', assessmentId)
    .orderBy('step_outcome.recorded_at')
    .orderBy('step_outcome.id')
    .execute();

export const insertStepOutcomes = (tx: Tx, rows: Omit<StepOutcomeTable, 'id' | 'recorded_at'>[]) =>
  tx.insertInto('step_outcome').values(rows).execute();

export const plansOf = (tx: Tx, assessmentId: string, kind: PlanKind) =>
  tx
    .selectFrom('risk_plan')
    .innerJoin('agency', 'agency.id', 'risk_plan.agency_id')
    .select([
      'risk_plan.id',
      'risk_plan.version',
      'risk_plan.plan',
      'risk_plan.agreed_on',
      'risk_plan.review_on',
      'risk_plan.owner_agency',
      'risk_plan.created_at',
      'agency.name as agency_name',
    ])
    .where('risk_plan.assessment_id', '=', assessmentId)
    .where('risk_plan.kind', '=', kind)
    .orderBy('risk_plan.version', 'desc')
    .execute();

export const insertPlan = (
  tx: Tx,
  row: {
    partnership_id: string;
    agency_id: string;
    assessment_id: string;
    kind: PlanKind;
    version: number;
    plan: string;
    agreed_on: string;
    review_on: string;
    owner_agency: string;
    created_by: string;
  },
) => tx.insertInto('risk_plan').values(row).returning('id').executeTakeFirstOrThrow();

export const agencyNames = (tx: Tx, partnershipId: string) =>
  tx
    .selectFrom('agency')
    .select(['name'])
    .where('partnership_id', '=', partnershipId)
    .where('active', '=', true)
    .orderBy('name')
    .execute();
