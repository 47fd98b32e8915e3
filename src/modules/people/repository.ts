import { sql } from 'kysely';
import type { Tx } from '../../db/tenancy.ts';
import { JOINING, people, type IncidentRole, type LinkStatus, type RelationshipKind, type Sex } from './tables.ts';
import type { StoredPerson } from './service-model.ts';

// SQL for people, incidents, links and the chronology. Row-level security scopes
// every read to the actor's partnership and every write to the actor's own agency;
// queries also name the partnership so that plans use the partnership indexes.

/**
 * These are short interactive queries: PostgreSQL's JIT compiler, which starts on
 * high cost estimates over large tables, costs far more (100+ ms) than it saves.
 */
export const withoutJit = async (tx: Tx) => {
  await sql`SET LOCAL jit = off`.execute(tx);
};

/** A savepoint, so a part of an import that fails leaves the rest of its transaction as it was. */
export const savepoint = async (tx: Tx, name: 'import_part' | 'import_row') => {
  await sql`SAVEPOINT ${sql.id(name)}`.execute(tx);
};
export const releaseSavepoint = async (tx: Tx, name: 'import_part' | 'import_row') => {
  await sql`RELEASE SAVEPOINT ${sql.id(name)}`.execute(tx);
};
export const rollbackToSavepoint = async (tx: Tx, name: 'import_part' | 'import_row') => {
  await sql`ROLLBACK TO SAVEPOINT ${sql.id(name)}`.execute(tx);
};

export const findPersonBySource = (tx: Tx, agencyId: string, sourceId: string) =>
  people(tx)
    .selectFrom('person')
    .select(['id'])
    .where('agency_id', '=', agencyId)
    .where('source_id', '=', sourceId)
    .executeTakeFirst();

export const findIncidentBySource = (tx: Tx, agencyId: string, sourceId: string) =>
  people(tx)
    .selectFrom('incident')
    .select(['id'])
    .where('agency_id', '=', agencyId)
    .where('source_id', '=', sourceId)
    .executeTakeFirst();

/** The incidents and people this agency already sent, by source id: one statement for a whole part of an extract. */
export const incidentsBySource = async (tx: Tx, agencyId: string, sourceIds: readonly string[]) =>
  sourceIds.length === 0
    ? new Map<string, string>()
    : new Map(
        (
          await people(tx)
            .selectFrom('incident')
            .select(['id', 'source_id'])
            .where('agency_id', '=', agencyId)
            .where('source_id', 'in', [...sourceIds])
            .execute()
        ).map((r) => [r.source_id!, r.id]),
      );
export const peopleBySource = async (tx: Tx, agencyId: string, sourceIds: readonly string[]) =>
  sourceIds.length === 0
    ? new Map<string, string>()
    : new Map(
        (
          await people(tx)
            .selectFrom('person')
            .select(['id', 'source_id'])
            .where('agency_id', '=', agencyId)
            .where('source_id', 'in', [...sourceIds])
            .execute()
        ).map((r) => [r.source_id!, r.id]),
      );

export interface NewPerson {
  partnership_id: string;
  agency_id: string;
  source_id: string | null;
  given_name: string;
  middle_names: string | null;
  family_name: string;
  date_of_birth: string;
  sex: Sex | null;
  nhs_number: string | null;
  pnc_id: string | null;
  created_by: string;
}
export const insertPerson = (tx: Tx, row: NewPerson) =>
  people(tx).insertInto('person').values(row).returning('id').executeTakeFirstOrThrow();
/** Many people at once, each with the id the caller chose (so nothing depends on the order rows come back in). */
export async function insertPeople(tx: Tx, rows: readonly (NewPerson & { id: string })[]) {
  if (rows.length)
    await people(tx)
      .insertInto('person')
      .values([...rows])
      .execute();
}

export async function insertAliases(
  tx: Tx,
  rows: {
    partnership_id: string;
    agency_id: string;
    person_id: string;
    given_name: string;
    family_name: string;
    kind: string;
  }[],
) {
  if (rows.length) await tx.insertInto('person_alias').values(rows).execute();
}
export async function insertAddresses(
  tx: Tx,
  rows: {
    partnership_id: string;
    agency_id: string;
    person_id: string;
    line: string | null;
    town: string | null;
    postcode: string | null;
    from_date: string | null;
    to_date: string | null;
  }[],
) {
  if (rows.length) await tx.insertInto('person_address').values(rows).execute();
}

export const insertIncident = (
  tx: Tx,
  row: {
    partnership_id: string;
    agency_id: string;
    person_id: string;
    source_id: string;
    contact_type: string;
    kind: string;
    occurred_on: string;
    severity: 'low' | 'medium' | 'high' | 'severe';
    police_recorded: boolean;
    summary: string | null;
  },
) => people(tx).insertInto('incident').values(row).returning('id').executeTakeFirstOrThrow();

export async function insertIncidents(
  tx: Tx,
  rows: readonly (Parameters<typeof insertIncident>[1] & { id: string })[],
) {
  if (rows.length)
    await people(tx)
      .insertInto('incident')
      .values([...rows])
      .execute();
}

export async function insertIncidentPeople(
  tx: Tx,
  rows: { incident_id: string; person_id: string; partnership_id: string; agency_id: string; role: IncidentRole }[],
) {
  if (rows.length)
    await tx
      .insertInto('incident_involvement')
      .values(rows)
      .onConflict((oc) => oc.doNothing())
      .execute();
}
export async function insertRelationships(
  tx: Tx,
  rows: {
    partnership_id: string;
    agency_id: string;
    person_id: string;
    related_person_id: string;
    kind: RelationshipKind;
  }[],
) {
  if (rows.length)
    await tx
      .insertInto('relationship')
      .values(rows)
      .onConflict((oc) => oc.doNothing())
      .execute();
}

const storedPersonColumns = sql`p.id, p.given_name, p.family_name, p.middle_names, p.date_of_birth, p.sex, p.nhs_number, p.pnc_id,
  (SELECT a.postcode FROM person_address a WHERE a.person_id = p.id ORDER BY a.to_date IS NULL DESC, a.from_date DESC NULLS LAST LIMIT 1) AS postcode,
  (SELECT a.town FROM person_address a WHERE a.person_id = p.id ORDER BY a.to_date IS NULL DESC, a.from_date DESC NULLS LAST LIMIT 1) AS town,
  COALESCE((SELECT array_agg(al.given_name || ' ' || al.family_name) FROM person_alias al WHERE al.person_id = p.id), '{}') AS aliases`;

export async function storedPeople(tx: Tx, ids: readonly string[]): Promise<StoredPerson[]> {
  if (ids.length === 0) return [];
  const { rows } =
    await sql<StoredPerson>`SELECT ${storedPersonColumns} FROM person p WHERE p.id = ANY(${[...ids]}::uuid[])`.execute(
      tx,
    );
  return rows;
}

/**
 * Blocking: the partnership's records that could be the same person as `p` —
 * same date of birth (or day and month swapped), a surname (or other name) that
 * sounds the same born within a year, or a shared NHS number or PNC ID. Each arm
 * uses an index; the matcher then scores every candidate.
 */
export async function candidatesFor(tx: Tx, personId: string, limit = 500): Promise<StoredPerson[]> {
  const { rows } = await sql<StoredPerson>`
    SELECT ${storedPersonColumns} FROM person_match_candidates(${personId}::uuid, ${limit}) c JOIN person p ON p.id = c.person_id`.execute(
    tx,
  );
  return rows;
}

/**
 * Blocking for many new records in one statement: for each, the records `candidatesFor` would find (the same
 * arms, set-based, so the database joins them all at once rather than calling the function per record).
 */
export async function candidatePairs(tx: Tx, personIds: readonly string[]): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>(personIds.map((id) => [id, []]));
  if (personIds.length === 0) return found;
  const { rows } = await sql<{ for_id: string; id: string }>`
    WITH me AS (
      SELECT p.id, p.date_of_birth AS born, p.nhs_number, p.pnc_id, soundex(p.family_name) AS sound,
        CASE WHEN extract(day FROM p.date_of_birth) <= 12
          THEN make_date(extract(year FROM p.date_of_birth)::int, extract(day FROM p.date_of_birth)::int, extract(month FROM p.date_of_birth)::int)
          ELSE p.date_of_birth END AS swapped
      FROM person p WHERE p.id = ANY(${[...personIds]}::uuid[])
    ), mine AS (SELECT (SELECT current_partnership_id()) AS partnership_id), c AS (
      SELECT me.id AS for_id, p.id FROM me, mine, person p
        WHERE p.partnership_id = mine.partnership_id AND p.date_of_birth IN (me.born, me.swapped)
      UNION SELECT me.id, p.id FROM me, mine, person p
        WHERE p.partnership_id = mine.partnership_id AND soundex(p.family_name) = me.sound
          AND p.date_of_birth BETWEEN me.born - 400 AND me.born + 400
      UNION SELECT me.id, a.person_id FROM me, mine, person_alias a
        WHERE a.partnership_id = mine.partnership_id AND soundex(a.family_name) = me.sound
      UNION SELECT me.id, p.id FROM me JOIN person_alias own ON own.person_id = me.id, mine, person p
        WHERE p.partnership_id = mine.partnership_id AND soundex(p.family_name) = soundex(own.family_name)
      UNION SELECT me.id, p.id FROM me, mine, person p WHERE p.partnership_id = mine.partnership_id AND p.nhs_number = me.nhs_number
      UNION SELECT me.id, p.id FROM me, mine, person p WHERE p.partnership_id = mine.partnership_id AND p.pnc_id = me.pnc_id
    )
    SELECT for_id, id FROM c WHERE id <> for_id`.execute(tx);
  for (const r of rows) found.get(r.for_id)?.push(r.id);
  return found;
}

/** Inserts many possible links at once (each pair in its stored order); a pair already linked is left as it is. */
export async function insertLinks(
  tx: Tx,
  rows: readonly {
    partnership_id: string;
    a: string;
    b: string;
    probability: number;
    weight: number;
    status: LinkStatus;
  }[],
) {
  if (rows.length === 0) return;
  await tx
    .insertInto('person_link')
    .values(
      rows.map((r) => {
        const [personA, personB] = r.a < r.b ? [r.a, r.b] : [r.b, r.a];
        return {
          partnership_id: r.partnership_id,
          person_a: personA,
          person_b: personB,
          probability: r.probability,
          weight: r.weight,
          status: r.status,
        };
      }),
    )
    .onConflict((oc) => oc.columns(['person_a', 'person_b']).doNothing())
    .execute();
}

/** Every record joined to `personId` by suggested or confirmed links (itself included). */
export async function cluster(tx: Tx, personId: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    WITH RECURSIVE c(id) AS (
      SELECT ${personId}::uuid
      UNION
      SELECT CASE WHEN l.person_a = c.id THEN l.person_b ELSE l.person_a END
      FROM person_link l JOIN c ON l.person_a = c.id OR l.person_b = c.id
      WHERE l.status = ANY(${[...JOINING]}::text[])
    ) SELECT id FROM c`.execute(tx);
  return rows.map((r) => r.id);
}

/**
 * For each of these records, every record joined to it (itself included), in one
 * query: by suggested or confirmed links, or with `['confirmed']` only by links a
 * practitioner confirmed.
 */
export async function clusters(
  tx: Tx,
  personIds: readonly string[],
  statuses: readonly LinkStatus[] = JOINING,
): Promise<Map<string, string[]>> {
  const ids = [...new Set(personIds)];
  const joined = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return joined;
  const { rows } = await sql<{ root: string; id: string }>`
    WITH RECURSIVE c(root, id) AS (
      SELECT r, r FROM unnest(${ids}::uuid[]) AS r
      UNION
      SELECT c.root, CASE WHEN l.person_a = c.id THEN l.person_b ELSE l.person_a END
      FROM person_link l JOIN c ON l.person_a = c.id OR l.person_b = c.id
      WHERE l.status = ANY(${[...statuses]}::text[])
    ) SELECT root, id FROM c`.execute(tx);
  for (const r of rows) joined.get(r.root)?.push(r.id);
  return joined;
}

export async function insertLink(
  tx: Tx,
  row: { partnership_id: string; a: string; b: string; probability: number; weight: number; status: LinkStatus },
) {
  const [personA, personB] = row.a < row.b ? [row.a, row.b] : [row.b, row.a];
  return tx
    .insertInto('person_link')
    .values({
      partnership_id: row.partnership_id,
      person_a: personA,
      person_b: personB,
      probability: row.probability,
      weight: row.weight,
      status: row.status,
    })
    .onConflict((oc) => oc.columns(['person_a', 'person_b']).doNothing())
    .returning('id')
    .executeTakeFirst();
}

export const findLink = (tx: Tx, partnershipId: string, id: string) =>
  tx
    .selectFrom('person_link')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst();

export const decideLink = (
  tx: Tx,
  id: string,
  from: readonly LinkStatus[],
  to: LinkStatus,
  actor: { userId: string; agencyId: string },
) =>
  tx
    .updateTable('person_link')
    .set({
      status: to,
      decided_by: actor.userId,
      decided_agency_id: actor.agencyId,
      decided_at: new Date().toISOString(),
    })
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .executeTakeFirst();

export interface LinkRow {
  id: string;
  status: LinkStatus;
  probability: number;
  person_a: string;
  person_b: string;
  decided_at: Date | null;
  a_name: string;
  a_dob: string;
  a_agency: string;
  a_agency_id: string;
  b_name: string;
  b_dob: string;
  b_agency: string;
  b_agency_id: string;
}
const linkRows = sql`SELECT l.id, l.status, l.probability, l.person_a, l.person_b, l.decided_at,
    pa.given_name || ' ' || pa.family_name AS a_name, pa.date_of_birth AS a_dob, ga.name AS a_agency, pa.agency_id AS a_agency_id,
    pb.given_name || ' ' || pb.family_name AS b_name, pb.date_of_birth AS b_dob, gb.name AS b_agency, pb.agency_id AS b_agency_id
  FROM person_link l JOIN person pa ON pa.id = l.person_a JOIN agency ga ON ga.id = pa.agency_id
  JOIN person pb ON pb.id = l.person_b JOIN agency gb ON gb.id = pb.agency_id`;

export async function linkQueue(tx: Tx, partnershipId: string, limit = 200): Promise<LinkRow[]> {
  const { rows } =
    await sql<LinkRow>`${linkRows} WHERE l.partnership_id = ${partnershipId} AND l.status IN ('review','suggested')
    ORDER BY l.status = 'review' DESC, l.created_at LIMIT ${limit}`.execute(tx);
  return rows;
}

export async function linksTouching(tx: Tx, ids: readonly string[]): Promise<LinkRow[]> {
  const { rows } =
    await sql<LinkRow>`${linkRows} WHERE (l.person_a = ANY(${[...ids]}::uuid[]) OR l.person_b = ANY(${[...ids]}::uuid[]))
    AND l.status IN ('suggested','review','confirmed') ORDER BY l.probability DESC`.execute(tx);
  return rows;
}

export interface SourceRecord {
  id: string;
  agency_id: string;
  agency_name: string;
  source_id: string | null;
  given_name: string;
  middle_names: string | null;
  family_name: string;
  date_of_birth: string;
  sex: string | null;
  nhs_number: string | null;
  pnc_id: string | null;
  created_at: Date;
  aliases: { given_name: string; family_name: string; kind: string }[];
  addresses: {
    line: string | null;
    town: string | null;
    postcode: string | null;
    from_date: string | null;
    to_date: string | null;
  }[];
}
export async function sourceRecords(tx: Tx, ids: readonly string[]): Promise<SourceRecord[]> {
  const { rows } = await sql<SourceRecord>`
    SELECT p.id, p.agency_id, g.name AS agency_name, p.source_id, p.given_name, p.middle_names, p.family_name, p.date_of_birth, p.sex, p.nhs_number, p.pnc_id, p.created_at,
      COALESCE((SELECT json_agg(json_build_object('given_name', a.given_name, 'family_name', a.family_name, 'kind', a.kind)) FROM person_alias a WHERE a.person_id = p.id), '[]') AS aliases,
      COALESCE((SELECT json_agg(json_build_object('line', d.line, 'town', d.town, 'postcode', left(d.postcode, -3) || ' ' || right(d.postcode, 3), 'from_date', d.from_date, 'to_date', d.to_date) ORDER BY d.from_date DESC NULLS LAST) FROM person_address d WHERE d.person_id = p.id), '[]') AS addresses
    FROM person p JOIN agency g ON g.id = p.agency_id WHERE p.id = ANY(${[...ids]}::uuid[]) ORDER BY p.created_at`.execute(
    tx,
  );
  return rows;
}

export interface ChronologyIncident {
  id: string;
  person_id: string;
  role: string;
  occurred_on: string;
  kind: string;
  contact_type: string | null;
  severity: 'low' | 'medium' | 'high' | 'severe';
  police_recorded: boolean;
  summary: string | null;
  agency_id: string;
  agency_name: string;
  is_abuse: boolean;
}
/** Incidents of these records in any role; rows made by the risk checklist (no roles) count as the victim's. */
export async function incidentsOf(tx: Tx, ids: readonly string[]): Promise<ChronologyIncident[]> {
  const { rows } = await sql<ChronologyIncident>`
    SELECT i.id, x.person_id, x.role, i.occurred_on, i.kind, i.contact_type, i.severity, i.police_recorded, i.summary, i.agency_id, g.name AS agency_name, i.is_abuse
    FROM (
      SELECT incident_id, person_id, role FROM incident_involvement WHERE person_id = ANY(${[...ids]}::uuid[])
      UNION
      SELECT i2.id, i2.person_id, 'victim' FROM incident i2 WHERE i2.person_id = ANY(${[...ids]}::uuid[])
        AND NOT EXISTS (SELECT 1 FROM incident_involvement ip WHERE ip.incident_id = i2.id)
    ) x JOIN incident i ON i.id = x.incident_id JOIN agency g ON g.id = i.agency_id
    ORDER BY i.occurred_on DESC, i.created_at DESC`.execute(tx);
  return rows;
}

export const assessmentsOf = (tx: Tx, ids: readonly string[]) =>
  tx
    .selectFrom('assessment')
    .innerJoin('agency', 'agency.id', 'assessment.agency_id')
    .select([
      'assessment.id',
      'assessment.person_id',
      'assessment.completed_on',
      'assessment.score',
      'assessment.level',
      'assessment.instrument_id',
      'agency.name as agency_name',
      'agency.id as agency_id',
    ])
    .where('assessment.person_id', 'in', [...ids])
    .where('assessment.status', '=', 'completed')
    .orderBy('assessment.completed_on', 'desc')
    .execute();

/** Victims of incidents in which one of these records is the perpetrator. */
export async function victimsOfPerpetrator(tx: Tx, ids: readonly string[]): Promise<string[]> {
  const { rows } = await sql<{ person_id: string }>`
    SELECT DISTINCT v.person_id FROM incident_involvement p JOIN incident_involvement v ON v.incident_id = p.incident_id AND v.role = 'victim'
    WHERE p.role = 'perpetrator' AND p.person_id = ANY(${[...ids]}::uuid[]) AND NOT (v.person_id = ANY(${[...ids]}::uuid[]))`.execute(
    tx,
  );
  return rows.map((r) => r.person_id);
}

/** Victims of the same perpetrator in other partnerships that share perpetrator signals with this one (counts only). */
export async function victimsElsewhere(
  tx: Tx,
  ids: readonly string[],
): Promise<{ partnershipName: string; victims: number }[]> {
  const { rows } = await sql<{
    partnership_name: string;
    victims: number;
  }>`SELECT * FROM perpetrator_victims_elsewhere(${[...ids]}::uuid[])`.execute(tx);
  return rows.map((r) => ({ partnershipName: r.partnership_name, victims: Number(r.victims) }));
}

// partnership.shares_perpetrator_signals (migration 0013); the shared PartnershipTable type is not this module's to extend.
export const sharesPerpetratorSignals = async (tx: Tx, partnershipId: string) =>
  (
    await sql<{
      shares: boolean;
    }>`SELECT shares_perpetrator_signals AS shares FROM partnership WHERE id = ${partnershipId}`.execute(tx)
  ).rows[0]?.shares ?? false;

export const setSharesPerpetratorSignals = (tx: Tx, partnershipId: string, shares: boolean) =>
  sql`UPDATE partnership SET shares_perpetrator_signals = ${shares} WHERE id = ${partnershipId}`.execute(tx);

export interface RelatedPerson {
  person_id: string;
  related_id: string;
  kind: RelationshipKind;
  given_name: string;
  family_name: string;
  date_of_birth: string;
  agency_id: string;
  agency_name: string;
}
/** Relationships recorded by any agency in either direction, read from these records' side. */
export async function relationshipsOf(tx: Tx, ids: readonly string[]): Promise<RelatedPerson[]> {
  const { rows } = await sql<RelatedPerson>`
    SELECT r.person_id, r.related_id, r.kind, p.given_name, p.family_name, p.date_of_birth, r.agency_id, g.name AS agency_name FROM (
      SELECT person_id, related_person_id AS related_id, kind, agency_id FROM relationship WHERE person_id = ANY(${[...ids]}::uuid[])
      UNION
      SELECT related_person_id, person_id, CASE kind WHEN 'parent' THEN 'child' WHEN 'child' THEN 'parent' ELSE kind END, agency_id
        FROM relationship WHERE related_person_id = ANY(${[...ids]}::uuid[])
    ) r JOIN person p ON p.id = r.related_id JOIN agency g ON g.id = r.agency_id
    WHERE NOT (r.related_id = ANY(${[...ids]}::uuid[]))
    ORDER BY p.date_of_birth`.execute(tx);
  return rows;
}

export interface SearchRow {
  id: string;
  given_name: string;
  family_name: string;
  date_of_birth: string;
  agency_id: string;
  agency_name: string;
  score: number;
}
export interface SearchCriteria {
  name: string | null;
  dateOfBirth: string | null;
  postcode: string | null;
  identifier: string | null;
}

/**
 * Finds records by any mix of name (trigram similarity, or a surname that sounds
 * the same, also over other names), date of birth, postcode and identifier.
 * Only the actor's partnership (RLS, and named here for the indexes).
 */
export async function search(tx: Tx, partnershipId: string, c: SearchCriteria, limit = 50): Promise<SearchRow[]> {
  const arms = [];
  if (c.name) {
    arms.push(sql`SELECT person_id AS id, score FROM person_name_matches(${c.name.trim().replace(/\s+/g, ' ')})`);
  }
  if (c.dateOfBirth)
    arms.push(
      sql`SELECT id, 1.0 AS score FROM person WHERE partnership_id = ${partnershipId} AND date_of_birth = ${c.dateOfBirth}::date`,
    );
  if (c.postcode)
    arms.push(
      sql`SELECT person_id AS id, 1.0 AS score FROM person_address WHERE partnership_id = ${partnershipId} AND postcode = ${c.postcode}`,
    );
  if (c.identifier) {
    arms.push(
      sql`SELECT id, 1.0 AS score FROM person WHERE partnership_id = ${partnershipId} AND (nhs_number = ${c.identifier} OR pnc_id = ${c.identifier})`,
    );
  }
  if (arms.length === 0) return [];
  // A record must meet every criterion given: intersect the arms, best name score first.
  const parts = arms.map(
    (arm, i) => sql`${sql.raw(`a${i}`)} AS (SELECT id, max(score) AS score FROM (${arm}) s GROUP BY id)`,
  );
  const joins = arms.slice(1).map((_, i) => sql`JOIN ${sql.raw(`a${i + 1}`)} USING (id)`);
  const { rows } = await sql<SearchRow>`WITH ${sql.join(parts)}
    SELECT p.id, p.given_name, p.family_name, p.date_of_birth, p.agency_id, g.name AS agency_name, a0.score::float AS score
    FROM a0 ${sql.join(joins, sql` `)} JOIN person p ON p.id = a0.id JOIN agency g ON g.id = p.agency_id
    WHERE p.partnership_id = ${partnershipId}
    ORDER BY a0.score DESC, p.family_name, p.given_name LIMIT ${limit}`.execute(tx);
  return rows;
}
