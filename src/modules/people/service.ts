import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { asActor, type Actor, type Tx } from '../../db/tenancy.ts';
import {
  explainPair,
  normaliseNhsNumber,
  normalisePncId,
  prepareRecord,
  type PairExplanation,
} from './matching/index.ts';
import { clustersConflict, judgePair } from './judge.ts';
import { SERVICE_MODEL, toMatchRecord, type StoredPerson } from './service-model.ts';
import {
  normalisePostcode,
  parseIncident,
  type ImportIncident,
  type ParsedRow,
  type RowProblem,
} from './import-schema.ts';
import { computeFlags, type Flag } from './flags.ts';
import type { LinkStatus } from './tables.ts';
import * as repo from './repository.ts';
import { importPart } from './import-part.ts';
import { label } from '../../platform/language/index.ts';
import { incidentKindWords } from './presenters/contact-type.ts';

const today = () => new Date().toISOString().slice(0, 10);

// ---------------------------------------------------------------- matching

export { judgePair };

/** Would joining these two groups of records put two look-alikes (twins, parent and child) into one picture? */
async function groupsConflict(tx: Tx, left: readonly string[], right: readonly string[]): Promise<boolean> {
  const records = new Map(
    (await repo.storedPeople(tx, [...left, ...right])).map((p) => [p.id, prepareRecord(toMatchRecord(p))]),
  );
  return clustersConflict(records, left, right);
}

export interface MatchOutcome {
  suggested: number;
  review: number;
}

/**
 * Scores a new record against the partnership's records: blocking in SQL, then the
 * engine on each candidate. At or above the link bound the pair is linked as a
 * suggestion (shown as such, reversible) unless that would join look-alikes through
 * other records, when it goes to review; in the review band it is queued.
 */
export async function matchPerson(tx: Tx, actor: Actor, personId: string): Promise<MatchOutcome> {
  await repo.withoutJit(tx);
  const [stored] = await repo.storedPeople(tx, [personId]);
  if (!stored) return { suggested: 0, review: 0 };
  const me = prepareRecord(toMatchRecord(stored));
  const outcome: MatchOutcome = { suggested: 0, review: 0 };
  const candidates = await repo.candidatesFor(tx, personId);
  const scored = candidates
    .map((c) => ({ c, verdict: judgePair(me, prepareRecord(toMatchRecord(c))) }))
    .filter((s) => s.verdict.decision !== 'distinct')
    .sort((x, y) => y.verdict.weight - x.verdict.weight);
  for (const { c, verdict } of scored) {
    let status: LinkStatus = verdict.decision === 'link' ? 'suggested' : 'review';
    if (
      status === 'suggested' &&
      (await groupsConflict(tx, await repo.cluster(tx, personId), await repo.cluster(tx, c.id)))
    )
      status = 'review';
    const row = await repo.insertLink(tx, {
      partnership_id: actor.partnershipId,
      a: personId,
      b: c.id,
      probability: verdict.probability,
      weight: verdict.weight,
      status,
    });
    if (row) outcome[status === 'suggested' ? 'suggested' : 'review']++;
  }
  return outcome;
}

/**
 * The records joined to this one into one picture (itself first, then every record
 * reached through suggested or confirmed links); rejected and undone links do not join.
 * For other modules (the risk history) that read beside a person's own records.
 */
export async function linkedPersonIds(tx: Tx, personId: string): Promise<string[]> {
  const ids = await repo.cluster(tx, personId);
  return [personId, ...ids.filter((id) => id !== personId)];
}

/**
 * The records joined to this one, split by how sure anyone is that they are the
 * same person: `confirmed` (itself first, then records reached through links a
 * practitioner confirmed) and `suggested` (records reached only through a link
 * the matcher made that nobody has confirmed). Other modules count only the
 * confirmed ones as the same person, and show the rest as a possible match.
 */
export async function linkedPersonIdsByConfirmation(
  tx: Tx,
  personId: string,
): Promise<{ confirmed: string[]; suggested: string[] }> {
  const all = await linkedPersonIds(tx, personId);
  const confirmed = await confirmedCluster(tx, personId, all);
  return { confirmed: all.filter((id) => confirmed.has(id)), suggested: all.filter((id) => !confirmed.has(id)) };
}

/** Links that make two records one person for the sharing policy's bases: only those a practitioner confirmed. */
const CONFIRMED: readonly LinkStatus[] = ['confirmed'];

/** For each record, the records confirmed as the same person (itself included): where the sharing policy finds its bases. */
export const confirmedClustersOf = (tx: Tx, personIds: readonly string[]) => repo.clusters(tx, personIds, CONFIRMED);

/** Whether this partnership shares perpetrator signals with others that do (the administrator's decision). */
export const perpetratorSignalsSetting = (db: Kysely<Database>, actor: Actor) =>
  asActor(db, actor, (tx) => repo.sharesPerpetratorSignals(tx, actor.partnershipId));
export const setPerpetratorSignalsSetting = (db: Kysely<Database>, actor: Actor, shares: boolean) =>
  asActor(db, actor, (tx) => repo.setSharesPerpetratorSignals(tx, actor.partnershipId, shares));

// ---------------------------------------------------------------- import

export interface RowReport {
  ref: string;
  sourceId: string | null;
  status: 'imported' | 'already-imported' | 'rejected';
  incidentId?: string;
  problems?: RowProblem[];
  newPeople?: number;
  suggestedLinks?: number;
  linksToReview?: number;
}
export interface ImportReport {
  imported: number;
  alreadyImported: number;
  rejected: number;
  rows: RowReport[];
}

/**
 * Imports incidents with their people. A row (one incident, its people and
 * relationships, and the links found for its new people) is saved whole or not at
 * all, and one bad row does not stop the others. Rows go a part at a time, each
 * part in a few statements (import-part.ts); a part the database refuses is
 * imported again row by row, each row in a savepoint of its own, so only the row at
 * fault is rejected. Idempotent: an incident or person whose source id the agency
 * already sent is not created again (an existing person record is reused, never
 * overwritten).
 */
export async function importIncidents(
  db: Kysely<Database>,
  actor: Actor,
  rows: readonly { ref: string; raw: unknown }[],
  // `rowByRow` imports every part as a refused part is imported: the reference a part is checked against.
  { partSize = IMPORT_PART, rowByRow = false }: { partSize?: number; rowByRow?: boolean } = {},
): Promise<ImportReport> {
  const report: ImportReport = { imported: 0, alreadyImported: 0, rejected: 0, rows: [] };
  const reports: RowReport[] = new Array(rows.length);
  const valid: { at: number; value: ImportIncident }[] = [];
  for (const [at, { ref, raw }] of rows.entries()) {
    const parsed: ParsedRow = parseIncident(ref, raw);
    if (parsed.ok) valid.push({ at, value: parsed.value });
    else reports[at] = { ref, sourceId: sourceIdOf(raw), status: 'rejected', problems: parsed.problems };
  }
  for (let from = 0; from < valid.length; from += partSize) {
    const part = valid.slice(from, from + partSize);
    const outcomes = await asActor(db, actor, async (tx) => {
      if (rowByRow)
        return importRowByRow(
          tx,
          actor,
          part.map((p) => p.value),
        );
      await repo.savepoint(tx, 'import_part');
      try {
        const whole = await importPart(
          tx,
          actor,
          part.map((p) => p.value),
        );
        await repo.releaseSavepoint(tx, 'import_part');
        return whole;
      } catch {
        await repo.rollbackToSavepoint(tx, 'import_part');
        return importRowByRow(
          tx,
          actor,
          part.map((p) => p.value),
        );
      }
    });
    for (const [k, { at }] of part.entries())
      reports[at] = { ref: rows[at]!.ref, sourceId: sourceIdOf(rows[at]!.raw), ...outcomes[k]! };
  }
  for (const row of reports) {
    report[row.status === 'imported' ? 'imported' : row.status === 'rejected' ? 'rejected' : 'alreadyImported']++;
    report.rows.push(row);
  }
  return report;
}

/** How many rows go in one part: large enough that a part costs a few statements, small enough to hold briefly. */
const IMPORT_PART = 200;

const sourceIdOf = (raw: unknown) =>
  typeof (raw as { sourceId?: unknown } | null)?.sourceId === 'string' ? (raw as { sourceId: string }).sourceId : null;

async function importRowByRow(
  tx: Tx,
  actor: Actor,
  part: readonly ImportIncident[],
): Promise<Omit<RowReport, 'ref' | 'sourceId'>[]> {
  const outcomes: Omit<RowReport, 'ref' | 'sourceId'>[] = [];
  for (const row of part) {
    await repo.savepoint(tx, 'import_row');
    try {
      outcomes.push(...(await importPart(tx, actor, [row])));
      await repo.releaseSavepoint(tx, 'import_row');
    } catch (error) {
      await repo.rollbackToSavepoint(tx, 'import_row');
      const duplicate = (error as { code?: string }).code === '23505';
      outcomes.push({
        status: 'rejected',
        problems: [
          { path: '', message: duplicate ? 'Sent twice at the same time: send it again' : 'Could not be saved' },
        ],
      });
    }
  }
  return outcomes;
}

// ---------------------------------------------------------------- links

/** One side of a possible match in the queue, with the records joined to it (for the sharing policy). */
export interface QueueSide {
  id: string;
  agency_id: string;
  agency_name: string;
  name: string;
  dateOfBirth: string;
  joinedIds: string[];
}
export interface QueuedLink {
  id: string;
  status: LinkStatus;
  probability: number;
  a: QueueSide;
  b: QueueSide;
}

export async function linkQueue(db: Kysely<Database>, actor: Actor): Promise<QueuedLink[]> {
  return asActor(db, actor, async (tx) => {
    const rows = await repo.linkQueue(tx, actor.partnershipId);
    const joined = await repo.clusters(
      tx,
      rows.flatMap((l) => [l.person_a, l.person_b]),
      CONFIRMED,
    );
    return rows.map((l) => ({
      id: l.id,
      status: l.status,
      probability: l.probability,
      a: {
        id: l.person_a,
        agency_id: l.a_agency_id,
        agency_name: l.a_agency,
        name: l.a_name,
        dateOfBirth: l.a_dob,
        joinedIds: joined.get(l.person_a) ?? [l.person_a],
      },
      b: {
        id: l.person_b,
        agency_id: l.b_agency_id,
        agency_name: l.b_agency,
        name: l.b_name,
        dateOfBirth: l.b_dob,
        joinedIds: joined.get(l.person_b) ?? [l.person_b],
      },
    }));
  });
}

export interface LinkView {
  link: NonNullable<Awaited<ReturnType<typeof repo.findLink>>>;
  /** Both agencies' records, each with the records joined to it (for the sharing policy). */
  records: (repo.SourceRecord & { joinedIds: string[] })[];
  explanation: PairExplanation;
}
export async function getLink(db: Kysely<Database>, actor: Actor, id: string): Promise<LinkView | null> {
  return asActor(db, actor, async (tx) => {
    const link = await repo.findLink(tx, actor.partnershipId, id);
    if (!link) return null;
    const joined = await repo.clusters(tx, [link.person_a, link.person_b], CONFIRMED);
    const records = (await repo.sourceRecords(tx, [link.person_a, link.person_b])).map((r) => ({
      ...r,
      joinedIds: joined.get(r.id) ?? [r.id],
    }));
    const stored = await repo.storedPeople(tx, [link.person_a, link.person_b]);
    const a = stored.find((s) => s.id === link.person_a)!;
    const b = stored.find((s) => s.id === link.person_b)!;
    return { link, records, explanation: explainPair(SERVICE_MODEL, toMatchRecord(a), toMatchRecord(b)) };
  });
}

export type LinkDecision = 'confirm' | 'reject' | 'unlink';
export type DecisionOutcome = { ok: true; personId: string } | { ok: false; problem: string };

/**
 * A practitioner's decision on a link: confirm (a suggestion or a pair under
 * review), reject (not the same person), or unlink (undo a link). The records
 * themselves never change; refused when confirming would put look-alikes
 * (twins, a parent and child) into one picture.
 */
export async function decideLink(
  db: Kysely<Database>,
  actor: Actor,
  id: string,
  decision: LinkDecision,
): Promise<DecisionOutcome | null> {
  return asActor(db, actor, async (tx) => {
    const link = await repo.findLink(tx, actor.partnershipId, id);
    if (!link) return null;
    const from: Record<LinkDecision, LinkStatus[]> = {
      confirm: ['suggested', 'review'],
      reject: ['suggested', 'review'],
      unlink: ['suggested', 'confirmed'],
    };
    const to: Record<LinkDecision, LinkStatus> = { confirm: 'confirmed', reject: 'rejected', unlink: 'unlinked' };
    if (!from[decision].includes(link.status)) return { ok: false, problem: 'people.problem.link-decided' };
    if (decision === 'confirm') {
      const left = await repo.cluster(tx, link.person_a);
      if (!left.includes(link.person_b)) {
        if (await groupsConflict(tx, left, await repo.cluster(tx, link.person_b))) {
          return {
            ok: false,
            problem: 'people.problem.twins',
          };
        }
      }
    }
    const result = await repo.decideLink(tx, id, from[decision], to[decision], actor);
    if (Number(result.numUpdatedRows) !== 1) return { ok: false, problem: 'people.problem.link-decided' };
    return { ok: true, personId: link.person_a };
  });
}

// ---------------------------------------------------------------- the whole picture

export interface ChronologyEntry {
  kind: 'incident' | 'assessment';
  id: string;
  date: string;
  title: string;
  /** The agency that recorded the entry: the sharing policy decides on this id. */
  agencyId: string;
  agencyName: string;
  role: string | null;
  severity: string | null;
  summary: string | null;
  /** The record this entry came from is joined by a suggestion nobody has confirmed. */
  viaSuggestedLink: boolean;
  recordId: string;
}

export interface Picture {
  personId: string;
  /** For each record in the picture, the records confirmed as the same person: where the sharing policy finds its bases. */
  basisClusters: Map<string, string[]>;
  records: repo.SourceRecord[];
  links: repo.LinkRow[];
  chronology: ChronologyEntry[];
  flags: Flag[];
  agencies: string[];
}

/** One person's records across agencies, joined by suggested and confirmed links, with one chronology and the flags. */
export async function picture(db: Kysely<Database>, actor: Actor, personId: string): Promise<Picture | null> {
  return asActor(db, actor, async (tx) => {
    await repo.withoutJit(tx);
    const [self] = await repo.storedPeople(tx, [personId]);
    if (!self) return null;
    const ids = await repo.cluster(tx, personId);
    const [records, links, incidents, assessments] = await Promise.all([
      repo.sourceRecords(tx, ids),
      repo.linksTouching(tx, ids),
      repo.incidentsOf(tx, ids),
      repo.assessmentsOf(tx, ids),
    ]);
    // Records reached only through unconfirmed suggestions are marked as such on every entry.
    const confirmedIds = confirmedThrough(personId, links);
    const chronology: ChronologyEntry[] = [
      ...incidents.map((i) => ({
        kind: 'incident' as const,
        id: i.id,
        date: i.occurred_on,
        title: incidentKindWords(i.contact_type, i.kind),
        agencyId: i.agency_id,
        agencyName: i.agency_name,
        role: i.role,
        severity: i.severity,
        summary: i.summary,
        viaSuggestedLink: !confirmedIds.has(i.person_id),
        recordId: i.person_id,
      })),
      ...assessments
        .filter((a) => a.completed_on)
        .map((a) => ({
          // The level is part of a shared summary; the score (from the answers) is detail, shown only in full.
          kind: 'assessment' as const,
          id: a.id,
          date: a.completed_on!,
          title: label('people.chronology.checklist', { level: a.level ? label(`people.risk-level.${a.level}`) : '' }),
          agencyId: a.agency_id,
          agencyName: a.agency_name,
          role: null,
          severity: null,
          summary: a.score === null ? null : label('people.chronology.score', { score: a.score }),
          viaSuggestedLink: !confirmedIds.has(a.person_id),
          recordId: a.person_id,
        })),
    ].sort((x, y) => y.date.localeCompare(x.date));
    // Victims are counted as people, not records: every victim's records are joined in one statement,
    // and each group of joined records counts once (named by its smallest id).
    const victims = await repo.victimsOfPerpetrator(tx, ids);
    const victimClusters = await repo.clusters(tx, victims);
    const victimGroups = new Set(victims.map((v) => [...(victimClusters.get(v) ?? [v])].sort()[0]!));
    // Flags count only records confirmed as this person; a flag that a possible match (a suggestion nobody has
    // confirmed) would add is shown marked as such, never silently.
    // Perpetrator alerts from partnerships that share them, for the records confirmed as this person.
    const victimsElsewhere = await repo.victimsElsewhere(tx, [...confirmedIds]);
    const flagsOf = (counted: (recordId: string) => boolean) =>
      computeFlags({
        today: today(),
        incidents: incidents
          .filter((i) => counted(i.person_id))
          .map((i) => ({
            occurredOn: i.occurred_on,
            agencyId: i.agency_id,
            agencyName: i.agency_name,
            role: i.role,
            severity: i.severity,
            isAbuse: i.is_abuse,
          })),
        assessments: assessments
          .filter((a) => counted(a.person_id))
          .map((a) => a.completed_on)
          .filter((d): d is string => Boolean(d)),
        victimsAsPerpetrator: victimGroups.size,
        victimsElsewhere,
      });
    const confirmedFlags = flagsOf((id) => confirmedIds.has(id));
    const flags: Flag[] = [
      ...confirmedFlags,
      ...flagsOf(() => true)
        .filter((f) => !confirmedFlags.some((c) => c.kind === f.kind))
        .map((f) => ({ ...f, possibleMatch: true })),
    ];
    const basisClusters = await confirmedClustersOf(tx, ids);
    return {
      personId,
      basisClusters,
      records,
      links,
      chronology,
      flags,
      agencies: [...new Set(records.map((r) => r.agency_name))],
    };
  });
}

/** The records confirmed as this person; `all` (its whole cluster) when the caller has it already. */
async function confirmedCluster(tx: Tx, personId: string, all?: readonly string[]): Promise<Set<string>> {
  const joined = all ?? (await repo.cluster(tx, personId));
  if (joined.length === 1) return new Set(joined);
  return confirmedThrough(personId, await repo.linksTouching(tx, joined));
}

/** From the links touching a cluster: the records reached from `personId` through confirmed links only. */
function confirmedThrough(
  personId: string,
  links: readonly { status: string; person_a: string; person_b: string }[],
): Set<string> {
  const confirmed = new Set([personId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const l of links) {
      if (l.status !== 'confirmed') continue;
      if (confirmed.has(l.person_a) !== confirmed.has(l.person_b)) {
        confirmed.add(l.person_a);
        confirmed.add(l.person_b);
        grew = true;
      }
    }
  }
  return confirmed;
}

export interface HouseholdMember {
  id: string;
  name: string;
  dateOfBirth: string;
  relationship: string;
  agencyId: string;
  recordedBy: string;
  child: boolean;
  /** The record the relationship is recorded against. */ recordId: string;
}
export interface Household {
  personId: string;
  name: string;
  members: HouseholdMember[];
  children: HouseholdMember[];
  /** The agency holding this record, and for each record joined to it the records confirmed as the same person: for the sharing policy. */
  agencyId: string;
  basisClusters: Map<string, string[]>;
}

const ageOn = (dob: string, on: string) => {
  const years = Number(on.slice(0, 4)) - Number(dob.slice(0, 4));
  return on.slice(5) < dob.slice(5) ? years - 1 : years;
};

/** The people related to any of this person's records, and the children among them (under 18 or recorded as a child). */
export async function household(db: Kysely<Database>, actor: Actor, personId: string): Promise<Household | null> {
  return asActor(db, actor, async (tx) => {
    await repo.withoutJit(tx);
    const records = await repo.sourceRecords(tx, [personId]);
    if (!records[0]) return null;
    const ids = await repo.cluster(tx, personId);
    const related = await repo.relationshipsOf(tx, ids);
    const byPerson = new Map<string, HouseholdMember>();
    for (const r of related) {
      if (byPerson.has(r.related_id)) continue;
      byPerson.set(r.related_id, {
        id: r.related_id,
        name: `${r.given_name} ${r.family_name}`,
        dateOfBirth: r.date_of_birth,
        relationship: label(`people.relationship.${r.kind}`),
        agencyId: r.agency_id,
        recordedBy: r.agency_name,
        child: r.kind === 'child' || ageOn(r.date_of_birth, today()) < 18,
        recordId: r.person_id,
      });
    }
    const members = [...byPerson.values()];
    return {
      personId,
      name: `${records[0].given_name} ${records[0].family_name}`,
      members: members.filter((m) => !m.child),
      children: members.filter((m) => m.child),
      agencyId: records[0].agency_id,
      basisClusters: await confirmedClustersOf(tx, ids),
    };
  });
}

// ---------------------------------------------------------------- search

export interface SearchInput {
  name: string | null;
  dateOfBirth: string | null;
  postcode: string | null;
  identifier: string | null;
}

export async function searchPeople(db: Kysely<Database>, actor: Actor, input: SearchInput) {
  const identifier = input.identifier
    ? (normaliseNhsNumber(input.identifier) ?? normalisePncId(input.identifier) ?? input.identifier.toUpperCase())
    : null;
  return asActor(db, actor, async (tx) => {
    await repo.withoutJit(tx);
    const rows = await repo.search(tx, actor.partnershipId, {
      name: input.name,
      dateOfBirth: input.dateOfBirth,
      postcode: input.postcode ? normalisePostcode(input.postcode) : null,
      identifier,
    });
    // The records confirmed as the same person as each result: the sharing policy decides on the person, not on one
    // agency's record, and a suggestion nobody has confirmed never carries a basis (consent, say) across.
    const joined = await repo.clusters(
      tx,
      rows.map((r) => r.id),
      CONFIRMED,
    );
    return rows.map((r) => ({ ...r, joinedIds: joined.get(r.id) ?? [r.id] }));
  });
}

export type { StoredPerson };
export { CONTACT_TYPES, type ContactType } from './import-schema.ts';
export { contactTypeWords, incidentKindWords } from './presenters/contact-type.ts';
