import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Tx } from '../../db/tenancy.ts';
import type { RestrictedKind } from './policy.ts';
import './tables.ts';

// Row-level security decides which restricted details, requests and grants each query returns
// (migrations 0016 and 0017); these queries add no rule of their own.

export const visibleRestrictedDetails = (tx: Tx, personId: string) =>
  tx
    .selectFrom('restricted_detail')
    .innerJoin('agency', 'agency.id', 'restricted_detail.agency_id')
    .select([
      'restricted_detail.id',
      'restricted_detail.kind',
      'restricted_detail.value',
      'restricted_detail.created_at',
      'restricted_detail.source',
      'agency.name as agency_name',
    ])
    .where('restricted_detail.person_id', '=', personId)
    .orderBy('restricted_detail.created_at')
    .execute();

/** Whom to ask: the agencies that recorded the person's restricted details and the teams they name, by name only. */
export async function restrictedHolders(tx: Tx, personId: string): Promise<{ agencies: string[]; teams: string[] }> {
  const ids = (
    await sql<{
      agency_ids: string[];
      team_ids: string[];
    }>`SELECT * FROM restricted_detail_holders(${personId}::uuid)`.execute(tx)
  ).rows[0];
  if (!ids) return { agencies: [], teams: [] };
  const agencies = ids.agency_ids.length
    ? await tx.selectFrom('agency').select('name').where('id', 'in', ids.agency_ids).orderBy('name').execute()
    : [];
  const teams = ids.team_ids.length
    ? await tx
        .selectFrom('team')
        .innerJoin('agency', 'agency.id', 'team.agency_id')
        .select(['team.name', 'agency.name as agency_name'])
        .where('team.id', 'in', ids.team_ids)
        .orderBy('agency.name')
        .orderBy('team.name')
        .execute()
    : [];
  return { agencies: agencies.map((a) => a.name), teams: teams.map((t) => `${t.name}, ${t.agency_name}`) };
}

export const insertRestrictedDetail = (
  tx: Tx,
  row: {
    partnership_id: string;
    agency_id: string;
    person_id: string;
    kind: RestrictedKind;
    value: string;
    named_agency_ids: string[];
    named_team_ids: string[];
    named_user_ids: string[];
    created_by: string;
    source?: 'recorded' | 'import';
  },
) => tx.insertInto('restricted_detail').values(row).returning('id').executeTakeFirstOrThrow();

export const teamsOfPartnership = (tx: Tx) =>
  tx
    .selectFrom('team')
    .innerJoin('agency', 'agency.id', 'team.agency_id')
    .select(['team.id', 'team.name', 'team.agency_id', 'agency.name as agency_name'])
    .orderBy('agency.name')
    .orderBy('team.name')
    .execute();

export const caseworkersOfPartnership = (tx: Tx) =>
  tx
    .selectFrom('app_user')
    .innerJoin('agency', 'agency.id', 'app_user.agency_id')
    .select(['app_user.id', 'app_user.display_name', 'agency.name as agency_name'])
    .where('app_user.active', '=', true)
    .where('app_user.role', 'in', ['practitioner', 'agency-lead', 'marac-coordinator', 'marac-chair'])
    .orderBy('agency.name')
    .orderBy('app_user.display_name')
    .execute();

export const holdsRestricted = async (tx: Tx, personId: string) =>
  Boolean(
    (await sql<{ held: boolean }>`SELECT holds_restricted_detail(${personId}::uuid) AS held`.execute(tx)).rows[0]?.held,
  );

export const insertRequest = (
  tx: Tx,
  row: { partnership_id: string; person_id: string; agency_id: string; user_id: string; reason: string },
) => tx.insertInto('restricted_request').values(row).returning('id').executeTakeFirstOrThrow();

/** The user's own requests for one person that are still waiting or approved and unopened. */
export const ownOpenRequests = (tx: Tx, personId: string) =>
  tx
    .selectFrom('restricted_request')
    .select(['id', 'status', 'open_until', 'created_at'])
    .where('person_id', '=', personId)
    .where('user_id', '=', sql<string>`current_app_user_id()`)
    .where('opened_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'waiting'),
        eb.and([eb('status', '=', 'approved'), eb('open_until', '>', sql<Date>`now()`)]),
      ]),
    )
    .orderBy('created_at')
    .execute();

/** Requests this user may see (their own, those for details they hold, all for the designated reviewer), newest first. */
export const visibleRequests = (tx: Tx) =>
  tx
    .selectFrom('restricted_request')
    .innerJoin('app_user', 'app_user.id', 'restricted_request.user_id')
    .innerJoin('agency', 'agency.id', 'restricted_request.agency_id')
    .select([
      'restricted_request.id',
      'restricted_request.person_id',
      'restricted_request.user_id',
      'restricted_request.reason',
      'restricted_request.status',
      'restricted_request.decided_at',
      'restricted_request.open_until',
      'restricted_request.opened_at',
      'restricted_request.created_at',
      'app_user.display_name',
      'agency.name as agency_name',
    ])
    .orderBy('restricted_request.created_at', 'desc')
    .limit(200)
    .execute();

/** The person a request of this partnership is about, whoever may see the request itself; null for another partnership's. */
export const requestInPartnership = async (tx: Tx, id: string) => {
  const personId = (
    await sql<{ person_id: string | null }>`SELECT restricted_request_in_partnership(${id}::uuid) AS person_id`.execute(
      tx,
    )
  ).rows[0]?.person_id;
  return personId ? { id, person_id: personId } : null;
};

export const grantInPartnership = async (tx: Tx, id: string) =>
  Boolean(
    (await sql<{ ok: boolean }>`SELECT break_glass_grant_in_partnership(${id}::uuid) AS ok`.execute(tx)).rows[0]?.ok,
  );

export const decideRequest = async (tx: Tx, id: string, approve: boolean, note: string, minutes: number) =>
  Boolean(
    (
      await sql<{
        ok: boolean;
      }>`SELECT decide_restricted_request(${id}::uuid, ${approve}, ${note}, ${minutes}) AS ok`.execute(tx)
    ).rows[0]?.ok,
  );

export const openApproved = (tx: Tx, personId: string) =>
  sql<{
    request_id: string;
    id: string;
    agency_id: string;
    kind: RestrictedKind;
    value: string;
    created_at: Date;
  }>`SELECT * FROM open_restricted_request(${personId}::uuid)`
    .execute(tx)
    .then((r) => r.rows);

/** The agencies that recorded a person's restricted details, for telling them a request was approved (ids only). */
export const recordingAgencies = (tx: Tx, personId: string) =>
  sql<{ agency_ids: string[] }>`SELECT agency_ids FROM restricted_detail_holders(${personId}::uuid)`
    .execute(tx)
    .then((r) => r.rows[0]?.agency_ids ?? []);

export const isSafeguardingReviewer = async (tx: Tx) =>
  Boolean((await sql<{ is: boolean }>`SELECT is_safeguarding_reviewer() AS is`.execute(tx)).rows[0]?.is);

// Break-glass -------------------------------------------------------------------

export const breakGlassActive = async (tx: Tx, personId: string) =>
  Boolean(
    (await sql<{ active: boolean }>`SELECT break_glass_active(${personId}::uuid) AS active`.execute(tx)).rows[0]
      ?.active,
  );

export const breakGlassRecent = async (tx: Tx, personId: string) =>
  Boolean(
    (await sql<{ recent: boolean }>`SELECT break_glass_recent(${personId}::uuid) AS recent`.execute(tx)).rows[0]
      ?.recent,
  );

/** Expiry is computed by the database clock, the same clock that checks it. */
export const insertBreakGlass = (
  tx: Tx,
  row: {
    partnership_id: string;
    agency_id: string;
    user_id: string;
    person_id: string;
    reason: string;
    approval: 'not-needed' | 'waiting';
  },
  minutes: number,
) =>
  tx
    .insertInto('break_glass_grant')
    .values({ ...row, expires_at: sql<Date>`now() + make_interval(mins => ${minutes})` })
    .returning('id')
    .executeTakeFirstOrThrow();

const grantColumns = [
  'break_glass_grant.id',
  'break_glass_grant.person_id',
  'break_glass_grant.reason',
  'break_glass_grant.granted_at',
  'break_glass_grant.expires_at',
  'break_glass_grant.approval',
  'break_glass_grant.escalated_at',
  'break_glass_grant.reviewed_at',
  'break_glass_grant.review_outcome',
  'app_user.display_name',
  'agency.name as agency_name',
] as const;

/** Grants this user reviews (their agency's as its lead, or as the designated reviewer), unreviewed or waiting for approval. */
export const grantsToReview = (tx: Tx) =>
  tx
    .selectFrom('break_glass_grant')
    .innerJoin('app_user', 'app_user.id', 'break_glass_grant.user_id')
    .innerJoin('agency', 'agency.id', 'break_glass_grant.agency_id')
    .select(grantColumns)
    .where(
      sql<boolean>`may_review_break_glass(break_glass_grant.agency_id, break_glass_grant.user_id, break_glass_grant.escalated_at)`,
    )
    .where((eb) =>
      eb.or([
        eb('break_glass_grant.approval', '=', 'waiting'),
        eb.and([eb('break_glass_grant.reviewed_at', 'is', null), eb('break_glass_grant.approval', '!=', 'refused')]),
      ]),
    )
    .orderBy('break_glass_grant.granted_at')
    .execute();

/** Grants by anyone on records this user's agency holds. */
export const grantsOnOwnRecords = (tx: Tx) =>
  tx
    .selectFrom('break_glass_grant')
    .innerJoin('app_user', 'app_user.id', 'break_glass_grant.user_id')
    .innerJoin('agency', 'agency.id', 'break_glass_grant.agency_id')
    .innerJoin('person', 'person.id', 'break_glass_grant.person_id')
    .select(grantColumns)
    .where('person.agency_id', '=', sql<string>`current_agency_id()`)
    .where('break_glass_grant.agency_id', '!=', sql<string>`current_agency_id()`)
    .orderBy('break_glass_grant.granted_at', 'desc')
    .limit(200)
    .execute();

export const reviewGrant = (
  tx: Tx,
  id: string,
  reviewer: string,
  outcome: 'justified' | 'not-justified',
  note: string,
) =>
  tx
    .updateTable('break_glass_grant')
    .set({ reviewed_by: reviewer, reviewed_at: new Date(), review_outcome: outcome, review_note: note })
    .where('id', '=', id)
    .where('approval', '!=', 'waiting')
    .executeTakeFirst();

export const decideGrant = async (tx: Tx, id: string, approve: boolean) =>
  Boolean(
    (await sql<{ ok: boolean }>`SELECT decide_break_glass(${id}::uuid, ${approve}) AS ok`.execute(tx)).rows[0]?.ok,
  );

// As the owner (the access jobs, across partnerships): who is told of an approval or an escalation.

/** Break-glass grants nobody has reviewed or escalated yet (refused ones need no review). */
export const unreviewedGrants = (owner: Kysely<Database>) =>
  owner
    .selectFrom('break_glass_grant')
    .select(['id', 'partnership_id', 'granted_at'])
    .where('reviewed_at', 'is', null)
    .where('escalated_at', 'is', null)
    .where('approval', '!=', 'refused')
    .execute();

export const markEscalated = (owner: Kysely<Database>, ids: readonly string[], at: Date) =>
  owner.updateTable('break_glass_grant').set({ escalated_at: at }).where('id', 'in', ids).execute();

/** The partnership's designated safeguarding reviewer's address, if one is designated and active. */
/** The partnership's safeguarding reviewer, with the language their e-mails are written in. */
export const safeguardingReviewer = async (owner: Kysely<Database>, partnershipId: string) =>
  (await owner
    .selectFrom('safeguarding_reviewer')
    .innerJoin('app_user', 'app_user.id', 'safeguarding_reviewer.user_id')
    .select(['app_user.email', 'app_user.preferred_language as language'])
    .where('safeguarding_reviewer.partnership_id', '=', partnershipId)
    .where('app_user.active', '=', true)
    .executeTakeFirst()) ?? null;

export const coordinators = (owner: Kysely<Database>, partnershipId: string) =>
  owner
    .selectFrom('app_user')
    .select(['email', 'preferred_language as language'])
    .where('partnership_id', '=', partnershipId)
    .where('role', '=', 'marac-coordinator')
    .where('active', '=', true)
    .execute();

/** An agency's active practitioners and leads, to tell of an approved request on its records. */
export const caseworkersOfAgency = (owner: Kysely<Database>, agencyId: string) =>
  owner
    .selectFrom('app_user')
    .select(['email', 'role', 'preferred_language as language'])
    .where('agency_id', '=', agencyId)
    .where('active', '=', true)
    .where('role', 'in', ['practitioner', 'agency-lead'])
    .execute();
