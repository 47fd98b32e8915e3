import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Tx } from '../../db/tenancy.ts';
import type { Actor } from '../../db/tenancy.ts';
import './tables.ts';
import type { MaracCaseTable, VictimSex } from './tables.ts';
import type { Updateable } from 'kysely';

// SQL for MARAC. Row-level security (0007) limits what each actor sees:
// agendas, research and minutes only to the meeting's attendees.

export interface VictimIdentity {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
}

/** The partnership's record of this victim by the same rule the risk checklist uses (same names and date of birth), or a new one. */
export async function findOrCreatePerson(tx: Tx, actor: Actor, v: VictimIdentity): Promise<string> {
  const existing = await tx
    .selectFrom('person')
    .select('id')
    .where('partnership_id', '=', actor.partnershipId)
    .where(sql`lower(family_name)`, '=', v.familyName.toLowerCase())
    .where(sql`lower(given_name)`, '=', v.givenName.toLowerCase())
    .where('date_of_birth', '=', v.dateOfBirth)
    .orderBy('created_at')
    .executeTakeFirst();
  if (existing) return existing.id;
  const created = await tx
    .insertInto('person')
    .values({
      partnership_id: actor.partnershipId,
      agency_id: actor.agencyId,
      given_name: v.givenName,
      family_name: v.familyName,
      date_of_birth: v.dateOfBirth,
      created_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return created.id;
}

const referralColumns = [
  'marac_referral.id',
  'marac_referral.person_id',
  'marac_referral.assessment_id',
  'marac_referral.criteria_met',
  'marac_referral.reason',
  'marac_referral.status',
  'marac_referral.referred_at',
  'marac_referral.source',
  'marac_referral.consent_status',
  'marac_referral.lawful_basis',
  'marac_referral.children_in_household',
  'marac_referral.is_repeat',
  'marac_referral.case_id',
  'marac_referral.decision_reason',
  'marac_referral.decided_at',
  'marac_referral.referring_agency_id',
  'person.given_name',
  'person.family_name',
  'person.date_of_birth',
  'agency.name as agency_name',
] as const;

const referrals = (tx: Tx) =>
  tx
    .selectFrom('marac_referral')
    .innerJoin('person', 'person.id', 'marac_referral.person_id')
    .innerJoin('agency', 'agency.id', 'marac_referral.referring_agency_id')
    .select(referralColumns);

export const referralQueue = (tx: Tx, status: 'awaiting-coordinator' | 'decided') =>
  (status === 'awaiting-coordinator'
    ? referrals(tx).where('marac_referral.status', '=', 'awaiting-coordinator').orderBy('marac_referral.referred_at')
    : referrals(tx)
        .where('marac_referral.status', '!=', 'awaiting-coordinator')
        .orderBy('marac_referral.decided_at', 'desc')
        .limit(50)
  ).execute();

export const referralsFromAgency = (tx: Tx, agencyId: string) =>
  referrals(tx)
    .where('marac_referral.referring_agency_id', '=', agencyId)
    .orderBy('marac_referral.referred_at', 'desc')
    .limit(100)
    .execute();

export const findReferral = (tx: Tx, id: string) =>
  referrals(tx).where('marac_referral.id', '=', id).executeTakeFirst();

export const assessmentLevel = async (tx: Tx, assessmentId: string | null) =>
  assessmentId
    ? ((await tx.selectFrom('assessment').select('level').where('id', '=', assessmentId).executeTakeFirst())?.level ??
      null)
    : null;

export const insertManualReferral = (
  tx: Tx,
  row: {
    partnership_id: string;
    referring_agency_id: string;
    person_id: string;
    reason: string;
    referred_by: string;
    consent_status: 'given' | 'refused' | 'not-asked';
    lawful_basis: string | null;
    children_in_household: number;
  },
) =>
  tx
    .insertInto('marac_referral')
    .values({ ...row, source: 'manual', criteria_met: JSON.stringify([]) })
    .returning(['id', 'is_repeat', 'case_id'])
    .executeTakeFirstOrThrow();

export const decideReferral = (
  tx: Tx,
  id: string,
  changes: {
    status: 'accepted' | 'declined';
    decision_reason: string | null;
    decided_by: string;
    consent_status?: 'given' | 'refused' | 'not-asked';
    lawful_basis?: string | null;
    case_id?: string | null;
  },
) =>
  tx
    .updateTable('marac_referral')
    .set({ ...changes, decided_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'awaiting-coordinator')
    .executeTakeFirst();

export const insertCase = (
  tx: Tx,
  row: {
    partnership_id: string;
    agency_id: string;
    person_id: string;
    opened_by: string;
    risk_level: 'standard' | 'medium' | 'high' | null;
    is_repeat: boolean;
    children_in_household: number;
    consent_status: 'given' | 'refused' | 'not-asked';
    lawful_basis: string | null;
    summary: string | null;
    first_referral_at: Date;
    victim_sex: 'female' | 'male' | 'other' | 'not-known';
    victim_bme: boolean | null;
    victim_lgbt: boolean | null;
    victim_disabled: boolean | null;
    transferred_in_from?: string | null;
  },
) => tx.insertInto('marac_case').values(row).returning('id').executeTakeFirstOrThrow();

export const updateCase = (tx: Tx, id: string, changes: Updateable<MaracCaseTable>) =>
  tx.updateTable('marac_case').set(changes).where('id', '=', id).executeTakeFirst();

export const findCase = (tx: Tx, id: string) =>
  tx
    .selectFrom('marac_case')
    .innerJoin('person', 'person.id', 'marac_case.person_id')
    .selectAll('marac_case')
    .select(['person.given_name', 'person.family_name', 'person.date_of_birth'])
    .where('marac_case.id', '=', id)
    .executeTakeFirst();

export const openCases = (tx: Tx) =>
  tx
    .selectFrom('marac_case')
    .innerJoin('person', 'person.id', 'marac_case.person_id')
    .select([
      'marac_case.id',
      'marac_case.status',
      'marac_case.is_repeat',
      'marac_case.risk_level',
      'marac_case.listing_needed',
      'marac_case.opened_at',
      'marac_case.person_id',
      'person.given_name',
      'person.family_name',
      'person.date_of_birth',
    ])
    .where('marac_case.status', '=', 'open')
    .orderBy('marac_case.opened_at')
    .execute();

export const listingCandidates = (tx: Tx) =>
  tx
    .selectFrom('marac_case')
    .select(['id', 'risk_level', 'is_repeat', 'first_referral_at', 'children_in_household'])
    .where('status', '=', 'open')
    .where('listing_needed', '=', true)
    .execute();

// Whether the actor attends: checked against the set of meetings they attend, worked out once per statement.
const attendsColumn = sql<boolean>`marac_meeting.id IN (SELECT marac_meetings_attended())`.as('attends');

export const meetings = (tx: Tx) =>
  tx
    .selectFrom('marac_meeting')
    .innerJoin('app_user', 'app_user.id', 'marac_meeting.chair_user_id')
    .select([
      'marac_meeting.id',
      'marac_meeting.held_on',
      'marac_meeting.capacity',
      'marac_meeting.status',
      'app_user.display_name as chair_name',
      attendsColumn,
    ])
    .orderBy('marac_meeting.held_on', 'desc')
    .limit(100)
    .execute();

export const findMeeting = (tx: Tx, id: string) =>
  tx
    .selectFrom('marac_meeting')
    .innerJoin('app_user', 'app_user.id', 'marac_meeting.chair_user_id')
    .select([
      'marac_meeting.id',
      'marac_meeting.held_on',
      'marac_meeting.capacity',
      'marac_meeting.status',
      'marac_meeting.chair_user_id',
      'app_user.display_name as chair_name',
      attendsColumn,
    ])
    .where('marac_meeting.id', '=', id)
    .executeTakeFirst();

export const attendees = (tx: Tx, meetingId: string) =>
  tx
    .selectFrom('marac_meeting_agency')
    .innerJoin('agency', 'agency.id', 'marac_meeting_agency.agency_id')
    .select(['agency.id', 'agency.name', 'agency.kind'])
    .where('marac_meeting_agency.meeting_id', '=', meetingId)
    .orderBy('agency.name')
    .execute();

export const insertMeeting = (
  tx: Tx,
  row: {
    partnership_id: string;
    agency_id: string;
    held_on: string;
    chair_user_id: string;
    capacity: number;
    created_by: string;
  },
) => tx.insertInto('marac_meeting').values(row).returning('id').executeTakeFirstOrThrow();

export const insertAttendees = (tx: Tx, rows: { meeting_id: string; partnership_id: string; agency_id: string }[]) =>
  rows.length ? tx.insertInto('marac_meeting_agency').values(rows).execute() : Promise.resolve([]);

export const chairs = (tx: Tx) =>
  tx
    .selectFrom('app_user')
    .innerJoin('agency', 'agency.id', 'app_user.agency_id')
    .select(['app_user.id', 'app_user.display_name', 'agency.name as agency_name'])
    .where('app_user.role', '=', 'marac-chair')
    .where('app_user.active', '=', true)
    .orderBy('app_user.display_name')
    .execute();

export const agencies = (tx: Tx) =>
  tx.selectFrom('agency').select(['id', 'name', 'kind']).where('active', '=', true).orderBy('name').execute();

export const meetingCases = (tx: Tx, meetingId: string) =>
  tx
    .selectFrom('marac_meeting_case')
    .innerJoin('marac_case', 'marac_case.id', 'marac_meeting_case.case_id')
    .innerJoin('person', 'person.id', 'marac_case.person_id')
    .select([
      'marac_meeting_case.case_id',
      'marac_meeting_case.position',
      'marac_meeting_case.is_repeat',
      'marac_meeting_case.children_in_household',
      'marac_meeting_case.information_shared',
      'marac_meeting_case.decisions',
      'marac_case.risk_level',
      'marac_case.person_id',
      'person.given_name',
      'person.family_name',
      'person.date_of_birth',
    ])
    .where('marac_meeting_case.meeting_id', '=', meetingId)
    .orderBy('marac_meeting_case.position')
    .execute();

export const meetingCase = (tx: Tx, meetingId: string, caseId: string) =>
  tx
    .selectFrom('marac_meeting_case')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .where('case_id', '=', caseId)
    .executeTakeFirst();

export const listedCount = async (tx: Tx, meetingId: string) =>
  Number(
    (
      await tx
        .selectFrom('marac_meeting_case')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('meeting_id', '=', meetingId)
        .executeTakeFirstOrThrow()
    ).n,
  );

export const insertMeetingCases = (
  tx: Tx,
  rows: {
    meeting_id: string;
    case_id: string;
    partnership_id: string;
    position: number;
    is_repeat: boolean;
    children_in_household: number;
  }[],
) => (rows.length ? tx.insertInto('marac_meeting_case').values(rows).execute() : Promise.resolve([]));

export const markListed = (tx: Tx, caseIds: string[]) =>
  caseIds.length
    ? tx.updateTable('marac_case').set({ listing_needed: false }).where('id', 'in', caseIds).execute()
    : Promise.resolve([]);

export const recordDiscussion = (
  tx: Tx,
  meetingId: string,
  caseId: string,
  changes: { information_shared: string | null; decisions: string | null },
) =>
  tx
    .updateTable('marac_meeting_case')
    .set(changes)
    .where('meeting_id', '=', meetingId)
    .where('case_id', '=', caseId)
    .executeTakeFirst();

export const research = (tx: Tx, meetingId: string) =>
  tx
    .selectFrom('marac_research')
    .innerJoin('agency', 'agency.id', 'marac_research.agency_id')
    .select([
      'marac_research.case_id',
      'marac_research.agency_id',
      'marac_research.no_trace',
      'marac_research.victim',
      'marac_research.perpetrator',
      'marac_research.children',
      'marac_research.recorded_at',
      'agency.name as agency_name',
      'agency.kind as agency_kind',
    ])
    .where('marac_research.meeting_id', '=', meetingId)
    .orderBy('agency.name')
    .execute();

export const upsertResearch = (
  tx: Tx,
  row: {
    partnership_id: string;
    meeting_id: string;
    case_id: string;
    agency_id: string;
    no_trace: boolean;
    victim: string | null;
    perpetrator: string | null;
    children: string | null;
    recorded_by: string;
  },
) =>
  tx
    .insertInto('marac_research')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['meeting_id', 'case_id', 'agency_id']).doUpdateSet({
        no_trace: row.no_trace,
        victim: row.victim,
        perpetrator: row.perpetrator,
        children: row.children,
        recorded_by: row.recorded_by,
        recorded_at: new Date(),
      }),
    )
    .execute();

const actionColumns = [
  'marac_action.id',
  'marac_action.case_id',
  'marac_action.meeting_id',
  'marac_action.owner_agency_id',
  'marac_action.description',
  'marac_action.due_on',
  'marac_action.status',
  'marac_action.completion_note',
  'marac_action.completed_at',
  'agency.name as agency_name',
] as const;

export const actionsForCase = (tx: Tx, caseId: string) =>
  tx
    .selectFrom('marac_action')
    .innerJoin('agency', 'agency.id', 'marac_action.owner_agency_id')
    .select(actionColumns)
    .where('marac_action.case_id', '=', caseId)
    .orderBy('marac_action.due_on')
    .execute();

export const actionsForMeeting = (tx: Tx, meetingId: string) =>
  tx
    .selectFrom('marac_action')
    .innerJoin('agency', 'agency.id', 'marac_action.owner_agency_id')
    .select(actionColumns)
    .where('marac_action.meeting_id', '=', meetingId)
    .orderBy('marac_action.due_on')
    .execute();

export const openActionsOfAgency = (tx: Tx, agencyId: string) =>
  tx
    .selectFrom('marac_action')
    .innerJoin('agency', 'agency.id', 'marac_action.owner_agency_id')
    .innerJoin('marac_meeting', 'marac_meeting.id', 'marac_action.meeting_id')
    .select([...actionColumns, 'marac_meeting.held_on'])
    .where('marac_action.owner_agency_id', '=', agencyId)
    .where('marac_action.status', '=', 'open')
    .orderBy('marac_action.due_on')
    .execute();

export const findAction = (tx: Tx, id: string) =>
  tx
    .selectFrom('marac_action')
    .innerJoin('agency', 'agency.id', 'marac_action.owner_agency_id')
    .select(actionColumns)
    .where('marac_action.id', '=', id)
    .executeTakeFirst();

export const insertAction = (
  tx: Tx,
  row: {
    partnership_id: string;
    case_id: string;
    meeting_id: string;
    owner_agency_id: string;
    description: string;
    due_on: string;
    created_by: string;
  },
) => tx.insertInto('marac_action').values(row).returning('id').executeTakeFirstOrThrow();

export const completeAction = (tx: Tx, id: string, note: string, userId: string) =>
  tx
    .updateTable('marac_action')
    .set({ status: 'completed', completion_note: note, completed_by: userId, completed_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();

export const setHeld = (tx: Tx, meetingId: string) =>
  tx
    .updateTable('marac_meeting')
    .set({ status: 'held' })
    .where('id', '=', meetingId)
    .where('status', '=', 'scheduled')
    .executeTakeFirst();

export const upsertLastMarac = (tx: Tx, row: { person_id: string; partnership_id: string; discussed_on: string }) =>
  tx
    .insertInto('last_marac')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('person_id')
        .doUpdateSet({ discussed_on: sql`greatest(last_marac.discussed_on, excluded.discussed_on)` }),
    )
    .execute();

/** The latest MARAC at which any of these records (one victim's, across agencies) was discussed. */
export const lastDiscussed = async (tx: Tx, personIds: readonly string[]) =>
  (
    await tx
      .selectFrom('last_marac')
      .select((eb) => eb.fn.max('discussed_on').as('on'))
      .where('person_id', 'in', personIds)
      .executeTakeFirst()
  )?.on ?? null;

/**
 * Incidents and completed risk checklists of these records (one victim's, across agencies),
 * newest first, each naming its record so the read is audited against it. Row-level security
 * leaves out what this viewer's agency may not see.
 */
export const chronology = async (tx: Tx, personIds: readonly string[]) => {
  if (personIds.length === 0) return [];
  const incidents = await tx
    .selectFrom('incident')
    .innerJoin('agency', 'agency.id', 'incident.agency_id')
    .select([
      'incident.person_id',
      'incident.occurred_on as on',
      'incident.kind',
      sql<string | null>`incident.contact_type`.as('contact_type'),
      'agency.name as agency_name',
    ])
    .where('incident.person_id', 'in', personIds)
    .execute();
  const checklists = await tx
    .selectFrom('assessment')
    .innerJoin('agency', 'agency.id', 'assessment.agency_id')
    .select([
      'assessment.person_id',
      'assessment.completed_on as on',
      'assessment.score',
      'assessment.level',
      'agency.name as agency_name',
    ])
    .where('assessment.person_id', 'in', personIds)
    .where('assessment.status', '=', 'completed')
    .execute();
  // Codes and numbers only: the chair's page words each entry in its own language.
  return [
    ...incidents.map((i) => ({ ...i, entry: 'incident' as const })),
    ...checklists.map((c) => ({ ...c, on: c.on ?? '', entry: 'checklist' as const })),
  ].sort((a, b) => (a.on < b.on ? 1 : a.on > b.on ? -1 : 0));
};

export const repeatFlags = (tx: Tx) =>
  tx
    .selectFrom('marac_repeat_flag')
    .innerJoin('person', 'person.id', 'marac_repeat_flag.person_id')
    .select([
      'marac_repeat_flag.id',
      'marac_repeat_flag.person_id',
      'marac_repeat_flag.source',
      'marac_repeat_flag.last_marac_on',
      'marac_repeat_flag.flagged_at',
      'marac_repeat_flag.seen_at',
      'person.given_name',
      'person.family_name',
      'person.date_of_birth',
    ])
    .orderBy('marac_repeat_flag.flagged_at', 'desc')
    .limit(200)
    .execute();

/** Marks a flag seen (once: the first time is kept). Updates no row when the flag is not this partnership's. */
export const markFlagSeen = (tx: Tx, id: string) =>
  tx
    .updateTable('marac_repeat_flag')
    .set({ seen_at: sql<Date>`coalesce(seen_at, now())` })
    .where('id', '=', id)
    .executeTakeFirst();

export const transferDestinations = async (tx: Tx) =>
  (await sql<{ id: string; name: string }>`SELECT id, name FROM marac_transfer_destinations()`.execute(tx)).rows;

export const sendTransfer = async (tx: Tx, caseId: string, to: string, pkg: string) =>
  (await sql<{ id: string }>`SELECT marac_send_transfer(${caseId}::uuid, ${to}::uuid, ${pkg}::jsonb) AS id`.execute(tx))
    .rows[0]!.id;

export const acceptTransfer = (tx: Tx, inId: string, caseId: string) =>
  sql`SELECT marac_accept_transfer(${inId}::uuid, ${caseId}::uuid)`.execute(tx);

export const transfersIn = (tx: Tx) =>
  tx.selectFrom('marac_transfer_in').selectAll().orderBy('received_at', 'desc').limit(100).execute();
export const findTransferIn = (tx: Tx, id: string) =>
  tx.selectFrom('marac_transfer_in').selectAll().where('id', '=', id).executeTakeFirst();
export const transfersOut = (tx: Tx) =>
  tx.selectFrom('marac_transfer_out').selectAll().orderBy('sent_at', 'desc').limit(100).execute();

export interface AreaPopulation {
  adultWomen: number | null;
  bmePercent: number | null;
}

export const population = async (tx: Tx): Promise<AreaPopulation> => {
  const row = await tx
    .selectFrom('marac_area')
    .select(['adult_women_population', 'bme_population_percent'])
    .executeTakeFirst();
  return {
    adultWomen: row?.adult_women_population ?? null,
    bmePercent: row?.bme_population_percent == null ? null : Number(row.bme_population_percent),
  };
};

export const setPopulation = (tx: Tx, actor: Actor, p: { adultWomen: number; bmePercent: number | null }) => {
  const values = {
    adult_women_population: p.adultWomen,
    bme_population_percent: p.bmePercent,
    updated_by: actor.userId,
  };
  return tx
    .insertInto('marac_area')
    .values({ partnership_id: actor.partnershipId, ...values })
    .onConflict((oc) => oc.column('partnership_id').doUpdateSet({ ...values, updated_at: new Date() }))
    .execute();
};

/** Case-level rows for the quarterly return: every discussion at a meeting held in the range, and every referral received in it. */
/** What the quarterly return counts, through functions that give no identities (coordinator and analyst only). */
export const discussionsBetween = async (tx: Tx, from: string, to: string) =>
  (
    await sql<{
      held_on: string;
      is_repeat: boolean;
      children: number;
      victim_sex: VictimSex;
      victim_bme: boolean | null;
      victim_lgbt: boolean | null;
      victim_disabled: boolean | null;
      age_at_meeting: number;
    }>`
    SELECT * FROM marac_return_discussions(${from}::date, ${to}::date)`.execute(tx)
  ).rows;

export const referralsBetween = async (tx: Tx, from: string, to: string) =>
  (
    await sql<{
      agency_name: string;
      agency_kind: string;
    }>`SELECT * FROM marac_return_referrals(${from}::date, ${to}::date)`.execute(tx)
  ).rows;

export const attendsMeeting = async (tx: Tx, meetingId: string) =>
  Boolean((await sql<{ ok: boolean }>`SELECT marac_attends(${meetingId}::uuid) AS ok`.execute(tx)).rows[0]?.ok);

// For the reminder jobs, which run on the owner connection across partnerships (docs/adr/0008-jobs-and-mail.md).

/** Open actions past their due date that have not been reminded in the last week. */
export const actionsToRemind = (db: Kysely<Database>, on: string) =>
  db
    .selectFrom('marac_action')
    .select(['id', 'owner_agency_id', 'partnership_id'])
    .where('status', '=', 'open')
    .where('due_on', '<', on)
    .where((eb) =>
      eb.or([eb('last_reminded_on', 'is', null), eb('last_reminded_on', '<=', sql<string>`(${on}::date - 7)`)]),
    )
    .execute();

export const markReminded = (db: Kysely<Database>, actionIds: string[], on: string) =>
  db.updateTable('marac_action').set({ last_reminded_on: on }).where('id', 'in', actionIds).execute();

export const activeUsersOfAgency = (db: Kysely<Database>, agencyId: string) =>
  db
    .selectFrom('app_user')
    .select(['email', 'role', 'preferred_language as language'])
    .where('agency_id', '=', agencyId)
    .where('active', '=', true)
    .execute();

export const activeCoordinators = (db: Kysely<Database>, partnershipId: string) =>
  db
    .selectFrom('app_user')
    .select(['email', 'preferred_language as language'])
    .where('partnership_id', '=', partnershipId)
    .where('role', '=', 'marac-coordinator')
    .where('active', '=', true)
    .execute();
