import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface ChainProblem {
  id: string;
  problem: 'altered' | 'broken-link';
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
  hash: string;
}

/**
 * Re-derives every hash in Node, independently of the database trigger, and
 * checks each row links to the one before (or to the retention anchor).
 * An edited row fails its own hash; a deleted row breaks the next link.
 */
export async function verifyAuditChain(owner: Kysely<Database>, batchSize = 5_000): Promise<{ checked: number; problems: ChainProblem[] }> {
  const anchor = await sql<{ last_removed_hash: string }>`SELECT last_removed_hash FROM audit_anchor`.execute(owner);
  let previous = anchor.rows[0]?.last_removed_hash ?? 'genesis';
  const problems: ChainProblem[] = [];
  let checked = 0;
  let after = '0';
  for (;;) {
    const { rows } = await sql<ChainRow>`
      SELECT id::text, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred,
        partnership_id::text, user_id::text, agency_id::text, role, action, subject_type, subject_id, outcome, request_id, prev_hash, hash
      FROM audit_event WHERE id > ${after}::bigint ORDER BY id LIMIT ${batchSize}`.execute(owner);
    for (const row of rows) {
      const canonical = [row.id, row.occurred, row.partnership_id ?? '', row.user_id ?? '', row.agency_id ?? '', row.role ?? '',
        row.action, row.subject_type ?? '', row.subject_id ?? '', row.outcome, row.request_id ?? '', row.prev_hash].join('|');
      if (createHash('sha256').update(canonical, 'utf8').digest('hex') !== row.hash) problems.push({ id: row.id, problem: 'altered' });
      if (row.prev_hash !== previous) problems.push({ id: row.id, problem: 'broken-link' });
      previous = row.hash;
      checked++;
    }
    if (rows.length < batchSize) break;
    after = rows[rows.length - 1]!.id;
  }
  return { checked, problems };
}
