import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { asActor, type Actor, type Tx } from '../../db/tenancy.ts';
import { instrumentKey, type ChildMatrixInstrument, type ChildRating, type InstrumentRegistry } from './instrument.ts';
import { rateChild } from './scoring.ts';
import type { Relationship } from './tables.ts';
import * as repo from './repository.ts';

// Who is in the household, recorded with the checklist, and each child's
// risk matrix. The household list can be corrected only while the checklist
// is a draft; a child's rating is never overwritten: a new rating is added
// and the earlier ones kept.

export interface NewHouseholdMember {
  relationship: Relationship;
  givenName: string;
  familyName: string | null;
  dateOfBirth: string | null;
  description: string | null;
}

export interface ChildMatrixEntry {
  instrument: ChildMatrixInstrument;
  ratings: Record<string, ChildRating>;
  judgement: { rating: ChildRating; reason: string } | null;
}

export async function addHouseholdMemberTx(
  tx: Tx,
  actor: Actor,
  assessmentId: string,
  member: NewHouseholdMember,
): Promise<string> {
  const row = await repo.insertHouseholdMember(tx, {
    partnership_id: actor.partnershipId,
    agency_id: actor.agencyId,
    assessment_id: assessmentId,
    relationship: member.relationship,
    given_name: member.givenName,
    family_name: member.familyName,
    date_of_birth: member.dateOfBirth,
    description: member.description,
    created_by: actor.userId,
  });
  return row.id;
}

/** Applies the matrix's rule (rateChild) and stores the ratings with the instrument version used. */
export async function rateChildTx(
  tx: Tx,
  actor: Actor,
  assessmentId: string,
  memberId: string,
  entry: ChildMatrixEntry,
) {
  const result = rateChild(entry.instrument, entry.ratings, entry.judgement ?? undefined);
  await repo.insertChildRating(tx, {
    partnership_id: actor.partnershipId,
    agency_id: actor.agencyId,
    assessment_id: assessmentId,
    household_member_id: memberId,
    instrument_id: entry.instrument.id,
    instrument_version: entry.instrument.version,
    ratings: JSON.stringify(entry.ratings),
    judgement_rating: entry.judgement?.rating ?? null,
    judgement_reason: entry.judgement?.reason ?? null,
    overall: result.overall,
    reasons: JSON.stringify(result.reasons),
    rated_by: actor.userId,
  });
  return result;
}

export type HouseholdMemberRow = Awaited<ReturnType<typeof repo.householdOf>>[number];
export type ChildRatingRow = Awaited<ReturnType<typeof repo.childRatingsOf>>[number];
export type HouseholdView = {
  perpetrators: HouseholdMemberRow[];
  children: (HouseholdMemberRow & { rating: ChildRatingRow | null; earlierRatings: ChildRatingRow[] })[];
  others: HouseholdMemberRow[];
};

export function householdView(members: HouseholdMemberRow[], ratings: ChildRatingRow[]): HouseholdView {
  return {
    perpetrators: members.filter((m) => m.relationship === 'perpetrator'),
    children: members
      .filter((m) => m.relationship === 'child')
      .map((child) => {
        const own = ratings.filter((r) => r.household_member_id === child.id);
        return { ...child, rating: own.at(-1) ?? null, earlierRatings: own.slice(0, -1).reverse() };
      }),
    others: members.filter((m) => m.relationship === 'other'),
  };
}

export const household = (db: Kysely<Database>, actor: Actor, assessmentId: string) =>
  asActor(db, actor, async (tx) =>
    householdView(await repo.householdOf(tx, assessmentId), await repo.childRatingsOf(tx, assessmentId)),
  );

/** Adds a household member to a draft; false when the checklist is no longer this agency's draft (row-level security refuses it). */
export async function addHouseholdMember(
  db: Kysely<Database>,
  actor: Actor,
  assessmentId: string,
  member: NewHouseholdMember,
): Promise<string> {
  return asActor(db, actor, (tx) => addHouseholdMemberTx(tx, actor, assessmentId, member));
}

export async function removeHouseholdMember(
  db: Kysely<Database>,
  actor: Actor,
  assessmentId: string,
  memberId: string,
): Promise<boolean> {
  return asActor(
    db,
    actor,
    async (tx) => Number((await repo.deleteHouseholdMember(tx, assessmentId, memberId)).numDeletedRows) === 1,
  );
}

export async function recordChildRating(
  db: Kysely<Database>,
  actor: Actor,
  assessmentId: string,
  memberId: string,
  entry: ChildMatrixEntry,
) {
  return asActor(db, actor, (tx) => rateChildTx(tx, actor, assessmentId, memberId, entry));
}

/** The newest child matrix loaded; its id and version are stored with every rating. */
export function currentChildMatrix(registry: InstrumentRegistry): ChildMatrixInstrument {
  const matrices = [...registry.values()].filter(
    (i): i is ChildMatrixInstrument => i.kind === 'child-matrix' && !i.alternativeWordingOf,
  );
  const newest = matrices.sort((a, b) => parseInt(b.version, 10) - parseInt(a.version, 10))[0];
  if (!newest) throw new Error('No child risk matrix instrument is loaded');
  return newest;
}

export const childMatrixFor = (
  registry: InstrumentRegistry,
  row: { instrument_id: string; instrument_version: string },
) =>
  registry.get(instrumentKey({ id: row.instrument_id, version: row.instrument_version })) as
    ChildMatrixInstrument | undefined;
