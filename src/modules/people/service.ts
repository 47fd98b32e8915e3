import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { asActor, type Actor, type Tx } from '../../db/tenancy.ts';
import {
  computeWeights,
  decide,
  DEFAULT_THRESHOLDS,
  explainPair,
  firstNamesConflict,
  normaliseNhsNumber,
  normalisePncId,
  prepareRecord,
  scorePair,
  type PairExplanation,
  type PreparedRecord,
} from './matching/index.ts';
import { identifierAgrees } from './matching/linker.ts';
import { SERVICE_MODEL, toMatchRecord, type StoredPerson } from './service-model.ts';
import {
  CONTACT_TYPES,
  normalisePostcode,
  parseIncident,
  type ImportIncident,
  type ParsedRow,
  type RowProblem,
} from './import-schema.ts';
import { computeFlags, type Flag } from './flags.ts';
import type { LinkStatus } from './tables.ts';
import * as repo from './repository.ts';
import { recordConfidentialAddress } from '../access/service.ts';
import { label } from '../../platform/language/index.ts';
import { incidentKindWords } from './presenters/contact-type.ts';

const WEIGHTS = computeWeights(SERVICE_MODEL);
const today = () => new Date().toISOString().slice(0, 10);

// ---------------------------------------------------------------- matching

/** The engine's verdict on two stored records, with its guard for twins and parent and child. */
export function judgePair(a: PreparedRecord, b: PreparedRecord) {
  const score = scorePair(SERVICE_MODEL, a, b, WEIGHTS);
  // The review queue has no place for the guard's reason yet, so look-alikes are not queued.
  const decision = decide(
    score.probability,
    DEFAULT_THRESHOLDS,
    { namesConflict: firstNamesConflict(a, b), identifierAgrees: identifierAgrees(a, b) },
    { reviewHeld: false },
  );
  return { ...score, decision };
}
const guarded = (a: PreparedRecord, b: PreparedRecord) => firstNamesConflict(a, b) && !identifierAgrees(a, b);

/** Would joining these two groups of records put two look-alikes (twins, parent and child) into one picture? */
async function groupsConflict(tx: Tx, left: readonly string[], right: readonly string[]): Promise<boolean> {
  const records = new Map(
    (await repo.storedPeople(tx, [...left, ...right])).map((p) => [p.id, prepareRecord(toMatchRecord(p))]),
  );
  for (const x of left)
    for (const y of right) {
      const a = records.get(x);
      const b = records.get(y);
      if (a && b && guarded(a, b)) return true;
    }
  return false;
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
 * Imports incidents with their people. Each row (one incident, its people and
 * relationships, and the links found for its new people) is its own transaction:
 * a row is saved whole or not at all, and one bad row does not stop the others.
 * Idempotent: an incident or person whose source id the agency already sent is not
 * created again (an existing person record is reused, never overwritten).
 */
export async function importIncidents(
  db: Kysely<Database>,
  actor: Actor,
  rows: readonly { ref: string; raw: unknown }[],
): Promise<ImportReport> {
  const report: ImportReport = { imported: 0, alreadyImported: 0, rejected: 0, rows: [] };
  for (const { ref, raw } of rows) {
    const parsed: ParsedRow = parseIncident(ref, raw);
    const sourceId =
      typeof (raw as { sourceId?: unknown } | null)?.sourceId === 'string'
        ? (raw as { sourceId: string }).sourceId
        : null;
    if (!parsed.ok) {
      report.rejected++;
      report.rows.push({ ref, sourceId, status: 'rejected', problems: parsed.problems });
      continue;
    }
    try {
      const row = await asActor(db, actor, (tx) => importOne(tx, actor, parsed.value));
      report[row.status === 'imported' ? 'imported' : 'alreadyImported']++;
      report.rows.push({ ref, sourceId, ...row });
    } catch (error) {
      const duplicate = (error as { code?: string }).code === '23505';
      report.rejected++;
      report.rows.push({
        ref,
        sourceId,
        status: 'rejected',
        problems: [
          { path: '', message: duplicate ? 'Sent twice at the same time: send it again' : 'Could not be saved' },
        ],
      });
    }
  }
  return report;
}

async function importOne(tx: Tx, actor: Actor, row: ImportIncident): Promise<Omit<RowReport, 'ref' | 'sourceId'>> {
  const existing = await repo.findIncidentBySource(tx, actor.agencyId, row.sourceId);
  if (existing) return { status: 'already-imported', incidentId: existing.id };
  const own = { partnership_id: actor.partnershipId, agency_id: actor.agencyId };
  const ids = new Map<string, string>();
  const created: string[] = [];
  for (const p of row.people) {
    if (ids.has(p.sourceId)) continue;
    const found = await repo.findPersonBySource(tx, actor.agencyId, p.sourceId);
    if (found) {
      ids.set(p.sourceId, found.id);
      continue;
    }
    const { id } = await repo.insertPerson(tx, {
      ...own,
      source_id: p.sourceId,
      given_name: p.givenName,
      middle_names: p.middleNames,
      family_name: p.familyName,
      date_of_birth: p.dateOfBirth,
      sex: p.sex,
      nhs_number: p.nhsNumber,
      pnc_id: p.pncId,
      created_by: actor.userId,
    });
    await repo.insertAliases(
      tx,
      p.aliases.map((a) => ({
        ...own,
        person_id: id,
        given_name: a.givenName,
        family_name: a.familyName,
        kind: a.kind,
      })),
    );
    await repo.insertAddresses(
      tx,
      p.addresses
        .filter((a) => !a.confidential)
        .map((a) => ({
          ...own,
          person_id: id,
          line: a.line,
          town: a.town,
          postcode: a.postcode,
          from_date: a.from,
          to_date: a.to,
        })),
    );
    for (const a of p.addresses.filter((c) => c.confidential))
      await recordConfidentialAddress(tx, actor, id, [a.line, a.town, a.postcode].filter(Boolean).join(', '));
    ids.set(p.sourceId, id);
    created.push(id);
  }
  const subject = row.people.find((p) => p.role === 'victim') ?? row.people[0]!;
  const incident = await repo.insertIncident(tx, {
    ...own,
    person_id: ids.get(subject.sourceId)!,
    source_id: row.sourceId,
    contact_type: row.type,
    kind: CONTACT_TYPES[row.type],
    occurred_on: row.occurredOn,
    severity: row.severity,
    police_recorded: row.policeRecorded ?? (row.type === 'police-call-out' || row.type === 'crime'),
    summary: row.summary,
  });
  await repo.insertIncidentPeople(
    tx,
    row.people.map((p) => ({ ...own, incident_id: incident.id, person_id: ids.get(p.sourceId)!, role: p.role })),
  );
  await repo.insertRelationships(
    tx,
    row.relationships.map((r) => ({
      ...own,
      person_id: ids.get(r.person)!,
      related_person_id: ids.get(r.related)!,
      kind: r.kind,
    })),
  );
  let suggested = 0;
  let review = 0;
  for (const id of created) {
    const m = await matchPerson(tx, actor, id);
    suggested += m.suggested;
    review += m.review;
  }
  return {
    status: 'imported',
    incidentId: incident.id,
    newPeople: created.length,
    suggestedLinks: suggested,
    linksToReview: review,
  };
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
