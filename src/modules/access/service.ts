import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { asActor, type Actor } from '../../db/tenancy.ts';
import type { RestrictedKind } from './policy.ts';
import { unusualReading } from './unusual-reading.ts';
import * as repo from './repository.ts';

export const BREAK_GLASS_MINUTES = 60;

export const personVisible = (db: Kysely<Database>, actor: Actor, personId: string) => asActor(db, actor, (tx) => repo.personExists(tx, personId));

export async function restrictedDetailsPage(db: Kysely<Database>, actor: Actor, personId: string) {
  return asActor(db, actor, async (tx) => {
    if (!(await repo.personExists(tx, personId))) return null;
    const details = await repo.visibleRestrictedDetails(tx, personId);
    const total = await repo.restrictedDetailCount(tx, personId);
    return { details, hiddenCount: total - details.length, agencies: await repo.agenciesOfPartnership(tx), breakGlass: await repo.breakGlassActive(tx, personId) };
  });
}

export async function addRestrictedDetail(db: Kysely<Database>, actor: Actor, personId: string, input: { kind: RestrictedKind; value: string; namedAgencyIds: string[] }) {
  return asActor(db, actor, async (tx) => {
    if (!(await repo.personExists(tx, personId))) return null;
    const known = new Set((await repo.agenciesOfPartnership(tx)).map((a) => a.id));
    const named = [...new Set(input.namedAgencyIds)].filter((id) => known.has(id) && id !== actor.agencyId);
    return repo.insertRestrictedDetail(tx, { partnership_id: actor.partnershipId, agency_id: actor.agencyId, person_id: personId, kind: input.kind, value: input.value, named_agency_ids: named, created_by: actor.userId });
  });
}

export async function breakGlass(db: Kysely<Database>, actor: Actor, personId: string, reason: string) {
  return asActor(db, actor, async (tx) => {
    if (!(await repo.personExists(tx, personId))) return null;
    return repo.insertBreakGlass(tx, { partnership_id: actor.partnershipId, agency_id: actor.agencyId, user_id: actor.userId, person_id: personId, reason }, BREAK_GLASS_MINUTES);
  });
}

export const unreviewedGrants = (db: Kysely<Database>, actor: Actor) => asActor(db, actor, (tx) => repo.unreviewedGrants(tx));

export async function reviewGrant(db: Kysely<Database>, actor: Actor, grantId: string, outcome: 'justified' | 'not-justified', note: string): Promise<boolean> {
  const result = await asActor(db, actor, (tx) => repo.reviewGrant(tx, grantId, actor.userId, outcome, note));
  return Number(result.numUpdatedRows) === 1;
}

export async function accessLog(db: Kysely<Database>, actor: Actor, personId: string) {
  return asActor(db, actor, async (tx) => {
    if (!(await repo.personExists(tx, personId))) return null;
    const events = await repo.personAccessLog(tx, personId);
    const names = new Map((await repo.userNames(tx, [...new Set(events.map((e) => e.user_id).filter((id): id is string => Boolean(id)))])).map((u) => [u.id, u.display_name]));
    return events.map((e) => ({ ...e, userName: (e.user_id && names.get(e.user_id)) ?? 'An agency system or another partnership user' }));
  });
}

export async function readingAlerts(db: Kysely<Database>, actor: Actor) {
  return asActor(db, actor, async (tx) => {
    const volumes = (await repo.readingVolume(tx, new Date(Date.now() - 24 * 3_600_000))).map((v) => ({ userId: v.user_id, distinctRecords: Number(v.subjects), reads: Number(v.reads) }));
    const flagged = unusualReading(volumes);
    const names = new Map((await repo.userNames(tx, flagged.map((f) => f.userId))).map((u) => [u.id, u.display_name]));
    return flagged.map((f) => ({ ...f, userName: names.get(f.userId) ?? 'Unknown user' }));
  });
}
