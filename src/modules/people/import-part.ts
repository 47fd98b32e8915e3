import { randomUUID } from 'node:crypto';
import type { Actor, Tx } from '../../db/tenancy.ts';
import { recordConfidentialAddress } from '../access/service.ts';
import { CONTACT_TYPES, type ImportIncident } from './import-schema.ts';
import { prepareRecord } from './matching/index.ts';
import { clustersConflict, judgePair } from './judge.ts';
import { toMatchRecord } from './service-model.ts';
import type { LinkStatus } from './tables.ts';
import * as repo from './repository.ts';

/**
 * A part of an extract imported in a few statements, whatever its size: the incidents and people the agency
 * already sent are read at once, the new ones written at once, and every new person matched at once. The
 * result is what importing the rows one by one, in order, gives: the same records reused, the same people
 * created, and the same links, because each new person is matched only against what a one-by-one import
 * would already have held (the records before, and the people of its own and earlier rows), and the
 * look-alike guard sees the links made for the people before it.
 */
export interface RowOutcome {
  status: 'imported' | 'already-imported';
  incidentId: string;
  newPeople?: number;
  suggestedLinks?: number;
  linksToReview?: number;
}

export async function importPart(tx: Tx, actor: Actor, part: readonly ImportIncident[]): Promise<RowOutcome[]> {
  const own = { partnership_id: actor.partnershipId, agency_id: actor.agencyId };
  const known = await repo.incidentsBySource(
    tx,
    actor.agencyId,
    part.map((r) => r.sourceId),
  );
  const creating: number[] = [];
  const incidentIds = new Map<string, string>(known);
  for (const [i, row] of part.entries()) {
    if (incidentIds.has(row.sourceId)) continue;
    incidentIds.set(row.sourceId, randomUUID());
    creating.push(i);
  }

  const ids = await repo.peopleBySource(tx, actor.agencyId, [
    ...new Set(creating.flatMap((i) => part[i]!.people.map((p) => p.sourceId))),
  ]);
  const people: (repo.NewPerson & { id: string })[] = [];
  const aliases: Parameters<typeof repo.insertAliases>[1] = [];
  const addresses: Parameters<typeof repo.insertAddresses>[1] = [];
  const confidential: { personId: string; text: string }[] = [];
  const rowOf = new Map<string, number>();
  for (const i of creating) {
    for (const p of part[i]!.people) {
      if (ids.has(p.sourceId)) continue;
      const id = randomUUID();
      ids.set(p.sourceId, id);
      rowOf.set(id, i);
      people.push({
        ...own,
        id,
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
      for (const a of p.aliases)
        aliases.push({ ...own, person_id: id, given_name: a.givenName, family_name: a.familyName, kind: a.kind });
      for (const a of p.addresses) {
        if (a.confidential)
          confidential.push({ personId: id, text: [a.line, a.town, a.postcode].filter(Boolean).join(', ') });
        else
          addresses.push({
            ...own,
            person_id: id,
            line: a.line,
            town: a.town,
            postcode: a.postcode,
            from_date: a.from,
            to_date: a.to,
          });
      }
    }
  }
  await repo.insertPeople(tx, people);
  await repo.insertAliases(tx, aliases);
  await repo.insertAddresses(tx, addresses);
  for (const c of confidential) await recordConfidentialAddress(tx, actor, c.personId, c.text);

  await repo.insertIncidents(
    tx,
    creating.map((i) => {
      const row = part[i]!;
      const subject = row.people.find((p) => p.role === 'victim') ?? row.people[0]!;
      return {
        ...own,
        id: incidentIds.get(row.sourceId)!,
        person_id: ids.get(subject.sourceId)!,
        source_id: row.sourceId,
        contact_type: row.type,
        kind: CONTACT_TYPES[row.type],
        occurred_on: row.occurredOn,
        severity: row.severity,
        police_recorded: row.policeRecorded ?? (row.type === 'police-call-out' || row.type === 'crime'),
        summary: row.summary,
      };
    }),
  );
  await repo.insertIncidentPeople(
    tx,
    creating.flatMap((i) =>
      part[i]!.people.map((p) => ({
        ...own,
        incident_id: incidentIds.get(part[i]!.sourceId)!,
        person_id: ids.get(p.sourceId)!,
        role: p.role,
      })),
    ),
  );
  await repo.insertRelationships(
    tx,
    creating.flatMap((i) =>
      part[i]!.relationships.map((r) => ({
        ...own,
        person_id: ids.get(r.person)!,
        related_person_id: ids.get(r.related)!,
        kind: r.kind,
      })),
    ),
  );

  const matched = await matchNewPeople(
    tx,
    actor,
    people.map((p) => p.id),
    rowOf,
  );
  const creatingSet = new Set(creating);
  return part.map((row, i) => {
    const incidentId = incidentIds.get(row.sourceId)!;
    if (!creatingSet.has(i)) return { status: 'already-imported', incidentId };
    const mine = people.filter((p) => rowOf.get(p.id) === i).map((p) => matched.get(p.id)!);
    return {
      status: 'imported',
      incidentId,
      newPeople: mine.length,
      suggestedLinks: mine.reduce((n, m) => n + m.suggested, 0),
      linksToReview: mine.reduce((n, m) => n + m.review, 0),
    };
  });
}

// As many candidates as matchPerson takes for one record.
const CANDIDATES = 500;

/** Matches new people in order, as matchPerson would one at a time, with the links in one statement. */
async function matchNewPeople(
  tx: Tx,
  actor: Actor,
  newIds: readonly string[],
  rowOf: ReadonlyMap<string, number>,
): Promise<Map<string, { suggested: number; review: number }>> {
  const outcome = new Map(newIds.map((id) => [id, { suggested: 0, review: 0 }]));
  if (newIds.length === 0) return outcome;
  await repo.withoutJit(tx);
  const candidatesOf = await repo.candidatePairs(tx, newIds);
  // What a one-by-one import would have held when this person was matched: no person of a later row.
  const seenBy = (id: string, c: string) => !rowOf.has(c) || rowOf.get(c)! <= rowOf.get(id)!;
  for (const [id, candidates] of candidatesOf)
    candidatesOf.set(id, candidates.filter((c) => seenBy(id, c)).slice(0, CANDIDATES));
  const older = [...new Set([...candidatesOf.values()].flat())].filter((id) => !rowOf.has(id));
  const clusterOf = new Map<string, Set<string>>();
  for (const [root, members] of await repo.clusters(tx, older)) {
    const set = clusterOf.get(root) ?? new Set(members);
    for (const m of set) clusterOf.set(m, set);
  }
  const cluster = (id: string) => {
    if (!clusterOf.has(id)) clusterOf.set(id, new Set([id]));
    return clusterOf.get(id)!;
  };
  const records = new Map(
    (await repo.storedPeople(tx, [...new Set([...newIds, ...clusterOf.keys()])])).map((p) => [
      p.id,
      prepareRecord(toMatchRecord(p)),
    ]),
  );
  const links: Parameters<typeof repo.insertLinks>[1][number][] = [];
  const linked = new Set<string>();
  for (const id of newIds) {
    const me = records.get(id)!;
    const scored = candidatesOf
      .get(id)!
      .map((c) => ({ c, verdict: judgePair(me, records.get(c)!) }))
      .filter((s) => s.verdict.decision !== 'distinct')
      .sort((x, y) => y.verdict.weight - x.verdict.weight);
    for (const { c, verdict } of scored) {
      const pair = id < c ? `${id}:${c}` : `${c}:${id}`;
      if (linked.has(pair)) continue;
      let status: LinkStatus = verdict.decision === 'link' ? 'suggested' : 'review';
      if (status === 'suggested' && clustersConflict(records, cluster(id), cluster(c))) status = 'review';
      linked.add(pair);
      links.push({
        partnership_id: actor.partnershipId,
        a: id,
        b: c,
        probability: verdict.probability,
        weight: verdict.weight,
        status,
      });
      outcome.get(id)![status === 'suggested' ? 'suggested' : 'review']++;
      if (status === 'suggested') {
        const joined = new Set([...cluster(id), ...cluster(c)]);
        for (const m of joined) clusterOf.set(m, joined);
      }
    }
  }
  await repo.insertLinks(tx, links);
  return outcome;
}
