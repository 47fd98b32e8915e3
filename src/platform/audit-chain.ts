import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface ChainProblem {
  id: string;
  problem: 'altered' | 'broken-link';
}

export interface ChainReport {
  checked: number;
  problems: ChainProblem[];
  /** Events written but not yet given their place in the chain (sealed within seconds by the service). */
  unsealed: number;
  /** The newest sealed event, as the verifier found it: what a checkpoint is compared with. */
  head: { seq: string; id: string; hash: string } | null;
  /** Where the chain starts after retention (0 when nothing was ever removed). */
  anchor: { seq: string; hash: string };
  /** Every checkpointable position the verifier saw: seq -> [event id, hash], only for the seqs asked for. */
  seen: Map<string, { id: string; hash: string }>;
}

interface ChainRow {
  id: string;
  occurred: string;
  partnership_id: string | null;
  user_id: string | null;
  agency_id: string | null;
  role: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  outcome: string;
  request_id: string | null;
  prev_hash: string;
  /** The people the event names (audit_event_person), covered from the chain format's first position on. */
  people?: readonly string[];
}

/** The canonical text the hash covers, as the database's audit_sealed_text() and the verifier's query build it (for writing test logs). */
export function canonicalText(row: ChainRow): string {
  const people = row.people?.length ? `|${[...row.people].sort().join(',')}` : '';
  return (
    [
      row.id,
      row.occurred,
      row.partnership_id ?? '',
      row.user_id ?? '',
      row.agency_id ?? '',
      row.role ?? '',
      row.action,
      row.subject_type ?? '',
      row.subject_id ?? '',
      row.outcome,
      row.request_id ?? '',
      row.prev_hash,
    ].join('|') + people
  );
}

/**
 * Re-derives every hash in Node, independently of the database, and checks
 * each event links to the one before it in the chain (or to the retention
 * anchor). An edited event fails its own hash; a removed event breaks the next
 * link; a person link removed, changed or added fails its event's hash. Pages by the chain position itself (a number, compared as a number),
 * so every row is read exactly once whatever the page size. The canonical text
 * is the verifier's own expression (not the database's audit_canonical(), which
 * the owner could redefine), built beside the row so each crosses the wire as five columns;
 * every reference is to the table's column (e.), so ORDER BY and WHERE compare bigints, not text.
 * `watch` lists chain positions whose event id and hash the caller wants back (checkpoints).
 */
export async function verifyAuditChain(
  owner: Kysely<Database>,
  options: { batchSize?: number; watch?: Iterable<string> } = {},
): Promise<ChainReport> {
  const batchSize = options.batchSize ?? 10_000;
  const watch = new Set(options.watch ?? []);
  const anchorRow = await sql<{
    seq: string | null;
    hash: string;
  }>`SELECT last_removed_seq::text AS seq, last_removed_hash AS hash FROM audit_anchor`.execute(owner);
  const anchor = { seq: anchorRow.rows[0]?.seq ?? '0', hash: anchorRow.rows[0]?.hash ?? 'genesis' };
  let previous = anchor.hash;
  let expectedSeq = BigInt(anchor.seq) + 1n;
  const problems: ChainProblem[] = [];
  const seen = new Map<string, { id: string; hash: string }>();
  let head: ChainReport['head'] = null;
  let checked = 0;
  // From this position on, an event's hash also covers the people it names (their ids, in order).
  const format = await sql<{
    people_from: string;
  }>`SELECT people_from_seq::text AS people_from FROM audit_chain_format`.execute(owner);
  const peopleFrom = BigInt(format.rows[0]?.people_from ?? '0');
  const page = (after: string) =>
    sql<{ seq: string; id: string; canonical: string; people: string | null; prev_hash: string; hash: string }>`
      WITH page AS (
        SELECT e.seq, e.id, e.prev_hash, e.hash,
          concat_ws('|', e.id::text, to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
            coalesce(e.partnership_id::text, ''), coalesce(e.user_id::text, ''), coalesce(e.agency_id::text, ''), coalesce(e.role, ''),
            e.action, coalesce(e.subject_type, ''), coalesce(e.subject_id, ''), e.outcome, coalesce(e.request_id, ''), e.prev_hash) AS canonical
        FROM audit_event e WHERE e.seq > ${after}::bigint ORDER BY e.seq LIMIT ${batchSize}
      ),
      -- The page's links in one range read (ids of one page of positions are close together), not one probe per event.
      people AS (
        SELECT l.event_id, string_agg(l.person_id::text, ',' ORDER BY l.person_id) AS people FROM audit_event_person l
        WHERE l.event_id BETWEEN (SELECT min(id) FROM page) AND (SELECT max(id) FROM page) GROUP BY l.event_id
      )
      SELECT page.seq::text AS seq, page.id::text AS id, page.prev_hash, page.hash, page.canonical, people.people
      FROM page LEFT JOIN people ON people.event_id = page.id ORDER BY page.seq`
      .execute(owner)
      .then((r) => r.rows);
  // The next page is read while this one is hashed.
  let pending: ReturnType<typeof page> | null = page(anchor.seq);
  while (pending) {
    const rows: Awaited<ReturnType<typeof page>> = await pending;
    const last = rows[rows.length - 1];
    pending = rows.length === batchSize ? page(last!.seq) : null;
    for (const row of rows) {
      const text = row.people && BigInt(row.seq) >= peopleFrom ? `${row.canonical}|${row.people}` : row.canonical;
      if (createHash('sha256').update(text, 'utf8').digest('hex') !== row.hash)
        problems.push({ id: row.id, problem: 'altered' });
      // A gap in positions is a removed event even if the attacker re-linked the hashes around it.
      if (row.prev_hash !== previous || BigInt(row.seq) !== expectedSeq)
        problems.push({ id: row.id, problem: 'broken-link' });
      previous = row.hash;
      expectedSeq = BigInt(row.seq) + 1n;
      if (watch.has(row.seq)) seen.set(row.seq, { id: row.id, hash: row.hash });
      checked++;
    }
    if (last) head = { seq: last.seq, id: last.id, hash: last.hash };
  }
  const unsealed = await sql<{ n: string }>`SELECT count(*)::text AS n FROM audit_event WHERE seq IS NULL`.execute(
    owner,
  );
  return { checked, problems, unsealed: Number(unsealed.rows[0]?.n ?? 0), head, anchor, seen };
}
