import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { asActor, type Actor, type Tx } from '../../db/tenancy.ts';
import type { RestrictedKind } from './policy.ts';
import { CASEWORKING_ROLES } from './restricted-rules.ts';
import * as repo from './restricted-repository.ts';
import { agenciesOfPartnership, personExists, restrictedDetailCount } from './repository.ts';

export const BREAK_GLASS_MINUTES = 60;
/** How long an approved request stays usable (once). */
export const APPROVAL_MINUTES = 60;

const caseworking = (actor: Actor) => (CASEWORKING_ROLES as readonly string[]).includes(actor.role);

export async function restrictedDetailsPage(db: Kysely<Database>, actor: Actor, personId: string) {
  return asActor(db, actor, async (tx) => {
    if (!(await personExists(tx, personId))) return null;
    const details = await repo.visibleRestrictedDetails(tx, personId);
    const holders = await repo.restrictedHolders(tx, personId);
    // How many exist comes from a function that counts without revealing; the rows are only those the viewer may read.
    const hidden = Math.max(0, (await restrictedDetailCount(tx, personId)) - details.length);
    return {
      details,
      hidden: hidden > 0,
      holders,
      mayRecord: caseworking(actor),
      mayRequest: caseworking(actor) && hidden > 0,
      requests: await repo.ownOpenRequests(tx, personId),
      agencies: await agenciesOfPartnership(tx),
      teams: await repo.teamsOfPartnership(tx),
      people: await repo.caseworkersOfPartnership(tx),
    };
  });
}

export async function addRestrictedDetail(
  db: Kysely<Database>,
  actor: Actor,
  personId: string,
  input: {
    kind: RestrictedKind;
    value: string;
    namedAgencyIds: string[];
    namedTeamIds: string[];
    namedUserIds: string[];
  },
) {
  if (!caseworking(actor)) return null;
  return asActor(db, actor, async (tx) => {
    if (!(await personExists(tx, personId))) return null;
    // Only names of this partnership are kept; anything else posted is dropped.
    const agencies = new Set((await agenciesOfPartnership(tx)).map((a) => a.id));
    const teams = new Set((await repo.teamsOfPartnership(tx)).map((t) => t.id));
    const people = new Set((await repo.caseworkersOfPartnership(tx)).map((u) => u.id));
    return repo.insertRestrictedDetail(tx, {
      partnership_id: actor.partnershipId,
      agency_id: actor.agencyId,
      person_id: personId,
      kind: input.kind,
      value: input.value,
      created_by: actor.userId,
      named_agency_ids: [...new Set(input.namedAgencyIds)].filter((id) => agencies.has(id) && id !== actor.agencyId),
      named_team_ids: [...new Set(input.namedTeamIds)].filter((id) => teams.has(id)),
      named_user_ids: [...new Set(input.namedUserIds)].filter((id) => people.has(id) && id !== actor.userId),
    });
  });
}

/**
 * An address an agency's system sent flagged as confidential, kept as that agency's restricted detail
 * (in the import's transaction) instead of as an address: never shown outside the agency, never matched, never searched.
 */
export async function recordConfidentialAddress(tx: Tx, actor: Actor, personId: string, value: string): Promise<void> {
  if (!value) return;
  await repo.insertRestrictedDetail(tx, {
    partnership_id: actor.partnershipId,
    agency_id: actor.agencyId,
    person_id: personId,
    kind: 'safe-address',
    value: value.slice(0, 500),
    created_by: actor.userId,
    named_agency_ids: [],
    named_team_ids: [],
    named_user_ids: [],
    source: 'import',
  });
}

export type RequestOutcome = 'requested' | 'not-needed' | 'not-allowed' | 'already-waiting';

/** A user outside the named group asks to see a person's restricted details, with a reason. */
export async function requestRestricted(
  db: Kysely<Database>,
  actor: Actor,
  personId: string,
  reason: string,
): Promise<RequestOutcome | null> {
  return asActor(db, actor, async (tx) => {
    if (!(await personExists(tx, personId))) return null;
    if (!caseworking(actor)) return 'not-allowed';
    const page = await repo.restrictedHolders(tx, personId);
    if (page.agencies.length === 0 || (await repo.holdsRestricted(tx, personId))) return 'not-needed';
    if ((await repo.ownOpenRequests(tx, personId)).some((r) => r.status === 'waiting')) return 'already-waiting';
    await repo.insertRequest(tx, {
      partnership_id: actor.partnershipId,
      person_id: personId,
      agency_id: actor.agencyId,
      user_id: actor.userId,
      reason,
    });
    return 'requested';
  });
}

/** Requests waiting for this user's decision, their own requests, and decided requests about details they hold. */
export async function requestsPage(db: Kysely<Database>, actor: Actor) {
  return asActor(db, actor, async (tx) => {
    const all = await repo.visibleRequests(tx);
    return {
      toDecide: caseworking(actor) ? all.filter((r) => r.status === 'waiting' && r.user_id !== actor.userId) : [],
      mine: all.filter((r) => r.user_id === actor.userId),
      decided: all.filter((r) => r.status !== 'waiting' && r.user_id !== actor.userId),
      reviewer: await repo.isSafeguardingReviewer(tx),
    };
  });
}

export const requestExists = (db: Kysely<Database>, actor: Actor, id: string) =>
  asActor(db, actor, (tx) => repo.requestInPartnership(tx, id));

/**
 * A holder or the designated reviewer decides. On approval the page has the agencies that recorded the
 * details told by e-mail (jobs.ts), which names no one and links to the list behind sign-in.
 */
export async function decideRequest(
  db: Kysely<Database>,
  actor: Actor,
  id: string,
  approve: boolean,
  note: string,
): Promise<{ personId: string; agencies: string[] } | null> {
  if (!caseworking(actor)) return null;
  return asActor(db, actor, async (tx) => {
    const request = await repo.requestInPartnership(tx, id);
    if (!request || !(await repo.decideRequest(tx, id, approve, note, APPROVAL_MINUTES))) return null;
    return { personId: request.person_id, agencies: await repo.recordingAgencies(tx, request.person_id) };
  });
}

/** Uses the user's approved request for this person: the details, once. Null when the person is not found. */
export async function openApproved(db: Kysely<Database>, actor: Actor, personId: string) {
  return asActor(db, actor, async (tx) => {
    if (!(await personExists(tx, personId))) return null;
    const rows = await repo.openApproved(tx, personId);
    const names = new Map((await agenciesOfPartnership(tx)).map((a) => [a.id, a.name]));
    return rows.map((r) => ({ ...r, agency_name: names.get(r.agency_id) ?? '' }));
  });
}

// Break-glass -------------------------------------------------------------------

export async function breakGlassForm(db: Kysely<Database>, actor: Actor, personId: string) {
  return asActor(db, actor, async (tx) =>
    (await personExists(tx, personId)) ? { needsApproval: await repo.breakGlassRecent(tx, personId) } : null,
  );
}

/** One person, a fixed time; a second grant within a day waits for the reviewer's approval. */
export async function breakGlass(db: Kysely<Database>, actor: Actor, personId: string, reason: string) {
  if (!caseworking(actor)) return null;
  return asActor(db, actor, async (tx) => {
    if (!(await personExists(tx, personId))) return null;
    const approval = (await repo.breakGlassRecent(tx, personId)) ? ('waiting' as const) : ('not-needed' as const);
    const grant = await repo.insertBreakGlass(
      tx,
      {
        partnership_id: actor.partnershipId,
        agency_id: actor.agencyId,
        user_id: actor.userId,
        person_id: personId,
        reason,
        approval,
      },
      BREAK_GLASS_MINUTES,
    );
    return { id: grant.id, waiting: approval === 'waiting' };
  });
}

export const grantExists = (db: Kysely<Database>, actor: Actor, id: string) =>
  asActor(db, actor, (tx) => repo.grantInPartnership(tx, id));
export const personVisible = (db: Kysely<Database>, actor: Actor, personId: string) =>
  asActor(db, actor, (tx) => personExists(tx, personId));

export const breakGlassActive = (db: Kysely<Database>, actor: Actor, personId: string) =>
  asActor(db, actor, (tx) => repo.breakGlassActive(tx, personId));

export const grantsToReview = (db: Kysely<Database>, actor: Actor) =>
  asActor(db, actor, (tx) => repo.grantsToReview(tx));

export async function reviewGrant(
  db: Kysely<Database>,
  actor: Actor,
  grantId: string,
  outcome: 'justified' | 'not-justified',
  note: string,
): Promise<boolean> {
  const result = await asActor(db, actor, (tx) => repo.reviewGrant(tx, grantId, actor.userId, outcome, note));
  return Number(result.numUpdatedRows) === 1;
}

export const decideGrant = (db: Kysely<Database>, actor: Actor, grantId: string, approve: boolean) =>
  asActor(db, actor, (tx) => repo.decideGrant(tx, grantId, approve));

/** What was opened on records this user's agency holds: other agencies' break-glass grants, and decided restricted-detail requests. */
export async function ourRecordsPage(db: Kysely<Database>, actor: Actor) {
  return asActor(db, actor, async (tx) => ({
    grants: await repo.grantsOnOwnRecords(tx),
    requests: (await repo.visibleRequests(tx)).filter((r) => r.status !== 'waiting' && r.user_id !== actor.userId),
  }));
}
