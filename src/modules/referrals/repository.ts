import type { Database } from '../../db/schema.ts';
import type { Tx } from '../../db/tenancy.ts';
import './tables.ts';
import type { Insertable, Kysely } from 'kysely';
import type { ReferralTable } from './tables.ts';

// SQL for the referral tables. Reads run through row-level security as the actor
// (only the referring and receiving agencies see a referral); the job's queries
// run as the owner and say so in their names.

export const responseTimes = (tx: Tx, partnershipId: string) =>
  tx.selectFrom('referral_response_time').selectAll().where('partnership_id', '=', partnershipId).executeTakeFirst();

export const activeAgencies = (tx: Tx, partnershipId: string) =>
  tx
    .selectFrom('agency')
    .select(['id', 'name', 'kind'])
    .where('partnership_id', '=', partnershipId)
    .where('active', '=', true)
    .orderBy('name')
    .execute();

export const workersOf = (tx: Tx, agencyId: string) =>
  tx
    .selectFrom('app_user')
    .select(['id', 'display_name'])
    .where('agency_id', '=', agencyId)
    .where('active', '=', true)
    .where('role', 'in', ['practitioner', 'agency-lead'])
    .orderBy('display_name')
    .execute();

export const insertReferral = (
  tx: Tx,
  row: Omit<
    Insertable<ReferralTable>,
    'id' | 'status' | 'allocated_user_id' | 'decided_by' | 'decided_at' | 'decline_reason' | 'escalated_at'
  >,
) => tx.insertInto('referral').values(row).returning('id').executeTakeFirstOrThrow();

const listed = (tx: Tx) =>
  tx
    .selectFrom('referral')
    .innerJoin('agency as sender', 'sender.id', 'referral.agency_id')
    .innerJoin('agency as receiver', 'receiver.id', 'referral.to_agency_id')
    .leftJoin('app_user as allocated', 'allocated.id', 'referral.allocated_user_id')
    .select([
      'referral.id',
      'referral.service',
      'referral.risk_level',
      'referral.status',
      'referral.referred_at',
      'referral.due_at',
      'referral.escalated_at',
      'referral.decided_at',
      'referral.assessment_id',
      'referral.step_id',
      'referral.agency_id',
      'referral.to_agency_id',
      'sender.name as from_agency',
      'receiver.name as to_agency',
      'allocated.display_name as allocated_to',
    ]);

/** The receiving agency's queue: those awaiting a decision first, soonest due first. No names: the person is on the referral's own page. */
export const received = (tx: Tx, agencyId: string) =>
  listed(tx)
    .where('referral.to_agency_id', '=', agencyId)
    .orderBy((eb) => eb.case().when('referral.status', '=', 'awaiting').then(0).else(1).end())
    .orderBy('referral.due_at')
    .limit(200)
    .execute();

export const sent = (tx: Tx, agencyId: string) =>
  listed(tx).where('referral.agency_id', '=', agencyId).orderBy('referral.referred_at', 'desc').limit(200).execute();

export const ofAssessment = (tx: Tx, assessmentId: string) =>
  listed(tx).where('referral.assessment_id', '=', assessmentId).orderBy('referral.referred_at').execute();

export const findReferral = (tx: Tx, partnershipId: string, id: string) =>
  listed(tx)
    .innerJoin('person', 'person.id', 'referral.person_id')
    .leftJoin('app_user as referrer', 'referrer.id', 'referral.referred_by')
    .leftJoin('app_user as decider', 'decider.id', 'referral.decided_by')
    .select([
      'referral.person_id',
      'referral.reason',
      'referral.consent_status',
      'referral.lawful_basis',
      'referral.shared_level',
      'referral.decline_reason',
      'referral.allocated_user_id',
      'person.given_name',
      'person.family_name',
      'person.date_of_birth',
      'referrer.display_name as referred_by_name',
      'decider.display_name as decided_by_name',
    ])
    .where('referral.partnership_id', '=', partnershipId)
    .where('referral.id', '=', id)
    .executeTakeFirst();

export const decide = (
  tx: Tx,
  id: string,
  agencyId: string,
  changes: {
    status: 'accepted' | 'declined';
    allocated_user_id?: string;
    decline_reason?: string;
    decided_by: string;
    decided_at: Date;
  },
) =>
  tx
    .updateTable('referral')
    .set(changes)
    .where('id', '=', id)
    .where('to_agency_id', '=', agencyId)
    .where('status', '=', 'awaiting')
    .executeTakeFirst();

// ---- as the owner (the background jobs) ----

/** Marks every overdue, unescalated referral as escalated, in the caller's transaction; returns what was marked. */
export const markOverdueEscalated = (owner: Kysely<Database>, now: Date) =>
  owner
    .updateTable('referral')
    .set({ escalated_at: now })
    .where('status', '=', 'awaiting')
    .where('escalated_at', 'is', null)
    .where('due_at', '<=', now)
    .returning(['id', 'partnership_id', 'to_agency_id', 'person_id'])
    .execute();

export const recipientsOf = (owner: Kysely<Database>, agencyId: string) =>
  owner
    .selectFrom('app_user')
    .select(['email', 'role', 'preferred_language as language'])
    .where('agency_id', '=', agencyId)
    .where('active', '=', true)
    .execute();

export const referralForMail = (owner: Kysely<Database>, id: string) =>
  owner.selectFrom('referral').select(['id', 'to_agency_id', 'status']).where('id', '=', id).executeTakeFirst();

/** Saves the partnership's response times if nobody changed them since `version` was read; false when someone did. */
export const saveResponseTimes = async (
  tx: Tx,
  row: { partnership_id: string; high_hours: number; medium_hours: number; standard_hours: number; updated_by: string },
  version: number | null,
) => {
  if (version === null) {
    const inserted = await tx
      .insertInto('referral_response_time')
      .values({ ...row, version: 1 })
      .onConflict((oc) => oc.column('partnership_id').doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1;
  }
  const { partnership_id, ...changes } = row;
  const updated = await tx
    .updateTable('referral_response_time')
    .set({ ...changes, version: version + 1, updated_at: new Date() })
    .where('partnership_id', '=', partnership_id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
};
