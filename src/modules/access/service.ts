import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { asActor, type Actor } from '../../db/tenancy.ts';
import { accessLevel, visibleParts, type AccessQuestion, type SharingDecision, type SharingLevel } from './policy.ts';
import { unusualReading } from './unusual-reading.ts';
import {
  shareHouseholdWithViewer,
  shareWithViewer,
  type LevelAt,
  type ShareableEntry,
  type ShareableMember,
  type ShareableRecord,
} from './person-view.ts';
import { shareMatchSide, shareSearchHits, type MatchSide, type SearchHit } from './listing-view.ts';
import { shareHistory, type HistoryChecklist, type HistoryIncident } from './history-view.ts';
import * as repo from './repository.ts';
import type { Viewer } from './viewer.ts';
import { declaredRecords } from './declared-records.ts';
import type { RecordTypeDeclaration } from './record-types.ts';
import { confirmedClustersOf } from '../people/service.ts';
import { label } from '../../platform/language/index.ts';

export const personVisible = (db: Kysely<Database>, actor: Actor, personId: string) =>
  asActor(db, actor, (tx) => repo.personExists(tx, personId));

export async function accessLog(db: Kysely<Database>, actor: Actor, personId: string) {
  return asActor(db, actor, async (tx) => {
    if (!(await repo.personExists(tx, personId))) return null;
    const events = await repo.personAccessLog(tx, personId);
    const names = new Map(
      (
        await repo.userNames(tx, [...new Set(events.map((e) => e.user_id).filter((id): id is string => Boolean(id)))])
      ).map((u) => [u.id, u.display_name]),
    );
    return events.map((e) => ({
      ...e,
      userName: (e.user_id && names.get(e.user_id)) ?? label('access.log.someone-else'),
    }));
  });
}

export async function readingAlerts(db: Kysely<Database>, actor: Actor) {
  return asActor(db, actor, async (tx) => {
    const since = new Date(Date.now() - 24 * 3_600_000);
    const outside = new Map((await repo.readingOutsideCaseload(tx, since)).map((o) => [o.user_id, Number(o.outside)]));
    const volumes = (await repo.readingVolume(tx, since)).map((v) => ({
      userId: v.user_id,
      distinctRecords: Number(v.subjects),
      reads: Number(v.reads),
      outsideCaseload: outside.get(v.user_id) ?? 0,
    }));
    const flagged = unusualReading(volumes);
    const names = new Map(
      (
        await repo.userNames(
          tx,
          flagged.map((f) => f.userId),
        )
      ).map((u) => [u.id, u.display_name]),
    );
    return flagged.map((f) => ({ ...f, userName: names.get(f.userId) ?? label('access.alerts.unknown-user') }));
  });
}

export async function sharingPage(db: Kysely<Database>, actor: Actor, personId: string) {
  return asActor(db, actor, async (tx) => {
    if (!(await repo.personExists(tx, personId))) return null;
    return {
      decisions: await repo.sharingDecisions(tx, personId),
      agencies: (await repo.agenciesOfPartnership(tx)).filter((a) => a.id !== actor.agencyId),
    };
  });
}

export async function recordSharingDecision(
  db: Kysely<Database>,
  actor: Actor,
  personId: string,
  input: {
    agencyId: string;
    level: 'signpost' | 'shared-summary' | 'full';
    basis: 'consent' | 'marac-attendance' | 'risk-of-serious-harm' | 'legal-duty';
    note: string;
  },
) {
  return asActor(db, actor, async (tx) => {
    if (!(await repo.personExists(tx, personId))) return null;
    // Shared with another agency of the partnership: an agency does not share its records with itself.
    if (
      input.agencyId === actor.agencyId ||
      !(await repo.agenciesOfPartnership(tx)).some((a) => a.id === input.agencyId)
    )
      return null;
    return repo.insertSharingDecision(tx, {
      partnership_id: actor.partnershipId,
      person_id: personId,
      agency_id: input.agencyId,
      level: input.level,
      basis: input.basis,
      note: input.note,
      recorded_by: actor.userId,
      recorded_by_agency_id: actor.agencyId,
    });
  });
}

/**
 * The checklists export: one row per completed checklist in the partnership,
 * each cut to what the policy lets this user's agency see. Restricted details
 * are never part of it. Every person with a row is noted for the export's audit event.
 */
export async function checklistExport(db: Kysely<Database>, actor: Actor, viewer?: Viewer): Promise<string[][]> {
  return asActor(db, actor, async (tx) => {
    const rows = await repo.checklistsForExport(tx);
    const decisions = await repo.allSharingDecisions(tx);
    const glass = await repo.breakGlassPeople(tx);
    viewer?.saw(rows.map((r) => r.person_id));
    const header = [
      'checklist id',
      'recorded by agency',
      'completed on',
      'sharing level',
      'risk level',
      'score',
      'MARAC criteria met',
      'given name',
      'family name',
      'date of birth',
    ];
    const out = [header];
    for (const r of rows) {
      const { level } = accessLevel({
        viewerAgencyId: actor.agencyId,
        viewerPartnershipId: actor.partnershipId,
        ownerAgencyId: r.agency_id,
        ownerPartnershipId: r.partnership_id,
        consent: r.consent_to_share ?? 'not-asked',
        attendsMaracForCase: false,
        breakGlassActive: glass.has(r.person_id),
        decisions: decisions
          .filter((d) => d.person_id === r.person_id)
          .map((d) => ({
            agencyId: d.agency_id,
            disclosingAgencyId: d.recorded_by_agency_id,
            level: d.level,
            basis: d.basis,
          })),
      });
      const parts = new Set(visibleParts('assessment', level));
      const identity = new Set(visibleParts('person', level)).has('identity');
      out.push([
        r.id,
        r.agency_name,
        parts.has('completed-on') ? (r.completed_on ?? '') : '',
        level,
        parts.has('level') ? (r.level ?? '') : '',
        parts.has('answers') ? String(r.score ?? '') : '',
        parts.has('criteria-met') ? (r.criteria_met ?? []).map((c) => c.criterion).join(' ') : '',
        identity ? r.given_name : '',
        identity ? r.family_name : '',
        identity ? r.date_of_birth : '',
      ]);
    }
    return out;
  });
}

export const retentionPage = (db: Kysely<Database>, actor: Actor) =>
  asActor(db, actor, async (tx) => ({ months: await repo.retentionMonths(tx), due: await repo.retentionDue(tx) }));

export const setRetentionMonths = (db: Kysely<Database>, actor: Actor, months: number) =>
  asActor(db, actor, (tx) => repo.setRetentionMonths(tx, months));

/**
 * Anonymises the people the administrator reviewed on the list, if still past retention (new activity since
 * keeps a record), in one transaction; every field held about them is cleared and each is audited by id only.
 */
export const applyRetention = (db: Kysely<Database>, actor: Actor, reviewed: readonly string[]) =>
  asActor(db, actor, (tx) => repo.applyRetention(tx, reviewed));

/**
 * The facts of a group of records of one person taken together: the latest consent answer recorded by the
 * agency whose part is being decided about its own record (one agency's consent never raises another's),
 * any attendance, every decision, any break-glass.
 */
function joinFacts(
  perRecord: Map<string, repo.RecordFacts>,
  ids: readonly string[],
  ownerAgencyId: string,
): Omit<AccessQuestion, 'viewerAgencyId' | 'viewerPartnershipId' | 'ownerAgencyId' | 'ownerPartnershipId'> {
  let consent: repo.RecordFacts['consent'] = null;
  let attendsMaracForCase = false;
  let breakGlassActive = false;
  const decisions: SharingDecision[] = [];
  for (const id of ids) {
    const f = perRecord.get(id);
    if (!f) continue;
    if (f.consent && f.agencyId === ownerAgencyId && (!consent || f.consent.order > consent.order)) consent = f.consent;
    attendsMaracForCase ||= f.attendsMarac;
    breakGlassActive ||= f.breakGlass;
    decisions.push(
      ...f.decisions.map((d) => ({
        agencyId: d.agency_id,
        disclosingAgencyId: d.recorded_by_agency_id,
        level: d.level,
        basis: d.basis,
      })),
    );
  }
  return { consent: consent?.value ?? 'not-asked', attendsMaracForCase, breakGlassActive, decisions };
}

/**
 * The level this user's agency has on what an agency recorded against a record,
 * with the bases (consent, MARAC attendance, decisions, break-glass) of the
 * records confirmed as that person: `basisClusters` gives, for each record, the
 * records confirmed as the same person. A suggestion nobody has confirmed never
 * carries a basis from one record to another.
 */
export async function levelsAt(
  db: Kysely<Database>,
  actor: Actor,
  basisClusters: ReadonlyMap<string, readonly string[]>,
): Promise<LevelAt> {
  const all = [...new Set([...basisClusters.entries()].flatMap(([id, ids]) => [id, ...ids]))];
  const perRecord = await asActor(db, actor, (tx) => repo.sharingFactsByRecord(tx, all));
  const joined = new Map<string, ReturnType<typeof joinFacts>>();
  return (recordId, ownerAgencyId) => {
    const key = `${recordId}:${ownerAgencyId}`;
    if (!joined.has(key))
      joined.set(key, joinFacts(perRecord, [recordId, ...(basisClusters.get(recordId) ?? [])], ownerAgencyId));
    return accessLevel({
      viewerAgencyId: actor.agencyId,
      viewerPartnershipId: actor.partnershipId,
      ownerAgencyId,
      ownerPartnershipId: actor.partnershipId,
      ...joined.get(key)!,
    }).level;
  };
}

/**
 * The level this user's agency has on what another agency recorded about one person (a risk
 * checklist, say), decided as on the person page from the records confirmed as that person.
 * The recording agency itself always has full.
 */
export async function levelOnRecord(
  db: Kysely<Database>,
  actor: Actor,
  personId: string,
  ownerAgencyId: string,
): Promise<SharingLevel> {
  if (ownerAgencyId === actor.agencyId) return 'full';
  const clusters = await asActor(db, actor, (tx) => confirmedClustersOf(tx, [personId]));
  return (await levelsAt(db, actor, clusters))(personId, ownerAgencyId);
}

/** What a level shows of a record type (the policy's table). */
export const partsOf = visibleParts;

/** A record in a list (search results, the match queue): its holding agency and the records joined to it into one person. */
export interface ListedRecord {
  id: string;
  agencyId: string;
  joinedIds: readonly string[];
}

/**
 * The level this user's agency has on each listed record, decided by the policy
 * exactly as the person page decides it: from the facts of every record joined to
 * it. Own-agency records need no facts; the rest are read in one go.
 */
export async function levelsForRecords(
  db: Kysely<Database>,
  actor: Actor,
  records: readonly ListedRecord[],
): Promise<Map<string, SharingLevel>> {
  const others = records.filter((r) => r.agencyId !== actor.agencyId);
  const perRecord = others.length
    ? await asActor(db, actor, (tx) =>
        repo.sharingFactsByRecord(
          tx,
          others.flatMap((r) => [r.id, ...r.joinedIds]),
        ),
      )
    : new Map<string, repo.RecordFacts>();
  return new Map(
    records.map((r) => [
      r.id,
      accessLevel({
        viewerAgencyId: actor.agencyId,
        viewerPartnershipId: actor.partnershipId,
        ownerAgencyId: r.agencyId,
        ownerPartnershipId: actor.partnershipId,
        ...joinFacts(perRecord, [r.id, ...r.joinedIds], r.agencyId),
      }).level,
    ]),
  );
}

/** Person search results cut to what this user's agency may see of each (see listing-view.ts). */
export async function shareSearchResults(
  db: Kysely<Database>,
  actor: Actor,
  hits: readonly (SearchHit & { joinedIds: readonly string[] })[],
) {
  const levels = await levelsForRecords(
    db,
    actor,
    hits.map((h) => ({ id: h.id, agencyId: h.agency_id, joinedIds: h.joinedIds })),
  );
  return shareSearchHits(hits, (id) => levels.get(id) ?? 'none');
}

/** The records on both sides of possible matches, each cut to what this user's agency may see (see listing-view.ts). */
export async function shareMatchRecords<R extends MatchSide & { joinedIds: readonly string[] }>(
  db: Kysely<Database>,
  actor: Actor,
  records: readonly R[],
) {
  const levels = await levelsForRecords(
    db,
    actor,
    records.map((r) => ({ id: r.id, agencyId: r.agency_id, joinedIds: r.joinedIds })),
  );
  return new Map(records.map((r) => [r.id, shareMatchSide(r, levels.get(r.id) ?? 'none')]));
}

/** The history beside a risk checklist cut to what this user's agency may see of each agency's part (see history-view.ts). */
export async function shareRiskHistory<C extends HistoryChecklist, I extends HistoryIncident>(
  db: Kysely<Database>,
  actor: Actor,
  history: {
    basisClusters: ReadonlyMap<string, readonly string[]>;
    earlier: readonly C[];
    incidents: readonly I[];
    previousId: string | null;
  },
) {
  return shareHistory(history, await levelsAt(db, actor, history.basisClusters));
}

/** A person's household cut to what this user's agency may see of each agency's relationships (see person-view.ts). */
export async function shareHousehold<M extends ShareableMember>(
  db: Kysely<Database>,
  actor: Actor,
  household: {
    personId: string;
    name: string;
    agencyId: string;
    basisClusters: ReadonlyMap<string, readonly string[]>;
    members: readonly M[];
    children: readonly M[];
  },
) {
  return shareHouseholdWithViewer(household, await levelsAt(db, actor, household.basisClusters));
}

/** A person's whole picture cut to what this user's agency may see (see person-view.ts). */
export async function sharePicture<R extends ShareableRecord, E extends ShareableEntry>(
  db: Kysely<Database>,
  actor: Actor,
  picture: { basisClusters: ReadonlyMap<string, readonly string[]>; records: R[]; chronology: E[] },
) {
  return shareWithViewer(picture, await levelsAt(db, actor, picture.basisClusters));
}

// The gate other modules use: a viewer per request, and the cut of a record to that viewer's level.
export { viewerOf, peopleShownTo, type Viewer } from './viewer.ts';
export { cut } from './cut.ts';
export type { SharingLevel } from './policy.ts';
export { recordConfidentialAddress } from './restricted-service.ts';

/** Records that need nothing beyond their declaration, for a viewer (see declared-records.ts). */
export const declaredRecordsFor = (db: Kysely<Database>, viewer: Viewer, declaration: RecordTypeDeclaration) =>
  declaredRecords(db, viewer, declaration, (personId, ownerAgencyId) =>
    levelOnRecord(db, viewer.actor, personId, ownerAgencyId),
  );
export { RECORD_TYPES } from './record-types.ts';
export { recordTypePolicies } from './rls.ts';
