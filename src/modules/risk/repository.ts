import { sql } from 'kysely';
import type { Tx } from '../../db/tenancy.ts';
import type { AssessmentTable } from '../../db/schema.ts';

// SQL for risk identification. Row-level security scopes every read to the
// actor's partnership and every write to the actor's own agency.

export const findPersonByIdentity = (tx: Tx, partnershipId: string, p: { givenName: string; familyName: string; dateOfBirth: string }) =>
  tx.selectFrom('person').select(['id']).where('partnership_id', '=', partnershipId)
    .where(sql`lower(family_name)`, '=', p.familyName.toLowerCase()).where(sql`lower(given_name)`, '=', p.givenName.toLowerCase())
    .where('date_of_birth', '=', p.dateOfBirth).orderBy('created_at').executeTakeFirst();

export const insertPerson = (tx: Tx, row: { partnership_id: string; agency_id: string; given_name: string; family_name: string; date_of_birth: string; created_by: string }) =>
  tx.insertInto('person').values(row).returning('id').executeTakeFirstOrThrow();

export const insertAssessment = (tx: Tx, row: { partnership_id: string; agency_id: string; person_id: string; instrument_id: string; instrument_version: string; created_by: string }) =>
  tx.insertInto('assessment').values(row).returning('id').executeTakeFirstOrThrow();

export const findAssessment = (tx: Tx, partnershipId: string, id: string) =>
  tx.selectFrom('assessment').innerJoin('person', 'person.id', 'assessment.person_id').innerJoin('agency', 'agency.id', 'assessment.agency_id')
    .selectAll('assessment')
    .select(['person.given_name', 'person.family_name', 'person.date_of_birth', 'agency.name as agency_name'])
    .where('assessment.partnership_id', '=', partnershipId).where('assessment.id', '=', id).executeTakeFirst();

export type AssessmentChanges = Partial<Pick<AssessmentTable, 'victim_view' | 'judgement_level' | 'judgement_reason' | 'consent_to_share' | 'children_in_household' | 'score' | 'level_by_score' | 'level' | 'completed_on'>> & {
  answers?: string; level_reasons?: string; factors_present?: string; criteria_met?: string; status?: 'draft' | 'completed';
};

/** Optimistic concurrency: the update applies only to the version the user loaded. */
export const updateDraft = (tx: Tx, id: string, version: number, changes: AssessmentChanges) =>
  tx.updateTable('assessment').set({ ...changes, version: sql`version + 1` }).where('id', '=', id).where('version', '=', version)
    .where('status', '=', 'draft').executeTakeFirst();

export const earlierAssessments = (tx: Tx, personId: string, excludeId: string) =>
  tx.selectFrom('assessment').innerJoin('agency', 'agency.id', 'assessment.agency_id')
    .select(['assessment.id', 'assessment.completed_on', 'assessment.score', 'assessment.level', 'assessment.factors_present', 'agency.name as agency_name', 'assessment.instrument_id'])
    .where('assessment.person_id', '=', personId).where('assessment.status', '=', 'completed').where('assessment.id', '!=', excludeId)
    .orderBy('assessment.completed_on').execute();

export const incidentsSince = (tx: Tx, personId: string, since: string) =>
  tx.selectFrom('incident').innerJoin('agency', 'agency.id', 'incident.agency_id')
    .select(['incident.id', 'incident.occurred_on', 'incident.kind', 'incident.severity', 'incident.police_recorded', 'agency.name as agency_name'])
    .where('incident.person_id', '=', personId).where('incident.occurred_on', '>=', since).orderBy('incident.occurred_on').execute();

export const lastMaracDate = async (tx: Tx, personId: string) =>
  (await tx.selectFrom('last_marac').select('discussed_on').where('person_id', '=', personId).executeTakeFirst())?.discussed_on ?? null;

export const escalationThreshold = async (tx: Tx, partnershipId: string) =>
  (await tx.selectFrom('partnership').select('escalation_incident_threshold').where('id', '=', partnershipId).executeTakeFirstOrThrow()).escalation_incident_threshold;

export const referralForAssessment = (tx: Tx, assessmentId: string) =>
  tx.selectFrom('marac_referral').select(['id', 'status', 'referred_at']).where('assessment_id', '=', assessmentId).executeTakeFirst();

export const insertReferral = (tx: Tx, row: { partnership_id: string; referring_agency_id: string; person_id: string; assessment_id: string; criteria_met: string; reason: string | null; referred_by: string }) =>
  tx.insertInto('marac_referral').values(row).returning('id').executeTakeFirstOrThrow();
