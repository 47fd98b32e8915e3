import { createHash, randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import { canonicalText } from '../../src/platform/audit-chain.ts';

/**
 * Appends `count` synthetic, correctly sealed events after the chain's head,
 * computing the chain in Node and loading it in bulk (the triggers are switched
 * off for the load, as only the owner can). Far faster than writing them one
 * by one, which is what logs of a hundred thousand or a million events need.
 */
export async function appendSealedEvents(owner: Kysely<Database>, count: number, batch = 5_000): Promise<void> {
  await sql`SELECT audit_seal(true, 1000000)`.execute(owner);
  const head = (
    await sql<{
      seq: string;
      hash: string;
    }>`SELECT e.seq::text AS seq, e.hash FROM audit_event e WHERE e.seq IS NOT NULL ORDER BY e.seq DESC LIMIT 1`.execute(
      owner,
    )
  ).rows[0] ??
    (
      await sql<{
        seq: string;
        hash: string;
      }>`SELECT last_removed_seq::text AS seq, last_removed_hash AS hash FROM audit_anchor`.execute(owner)
    ).rows[0] ?? { seq: '0', hash: 'genesis' };
  const maxId = (
    await sql<{
      n: string;
    }>`SELECT greatest(coalesce(max(id), 0), (SELECT last_value FROM audit_event_id_seq))::text AS n FROM audit_event`.execute(
      owner,
    )
  ).rows[0]!.n;
  let seq = BigInt(head.seq);
  let id = BigInt(maxId);
  let previous = head.hash;
  const start = Date.UTC(2026, 0, 1);
  const user = randomUUID();
  for (let done = 0; done < count; done += batch) {
    const n = Math.min(batch, count - done);
    const cols = {
      id: [] as string[],
      seq: [] as string[],
      at: [] as string[],
      subject: [] as string[],
      request: [] as string[],
      prev: [] as string[],
      hash: [] as string[],
    };
    for (let i = 0; i < n; i++) {
      id++;
      seq++;
      const at = new Date(start + Number(seq) * 7).toISOString().replace('Z', '000Z');
      const subject = randomUUID();
      const request = randomUUID();
      const row = {
        id: String(id),
        occurred: at,
        partnership_id: null,
        user_id: user,
        agency_id: null,
        role: 'practitioner',
        action: 'person.view',
        subject_type: 'person',
        subject_id: subject,
        outcome: 'success',
        request_id: request,
        prev_hash: previous,
      };
      const hash = createHash('sha256').update(canonicalText(row), 'utf8').digest('hex');
      cols.id.push(String(id));
      cols.seq.push(String(seq));
      cols.at.push(at);
      cols.subject.push(subject);
      cols.request.push(request);
      cols.prev.push(previous);
      cols.hash.push(hash);
      previous = hash;
    }
    await owner.transaction().execute(async (tx) => {
      await sql`ALTER TABLE audit_event DISABLE TRIGGER USER`.execute(tx);
      await sql`INSERT INTO audit_event (id, seq, occurred_at, user_id, role, action, subject_type, subject_id, outcome, request_id, prev_hash, hash)
        SELECT i, s, a, ${user}::uuid, 'practitioner', 'person.view', 'person', sub, 'success', r, p, h
        FROM unnest(${cols.id}::bigint[], ${cols.seq}::bigint[], ${cols.at}::timestamptz[], ${cols.subject}::text[], ${cols.request}::text[], ${cols.prev}::text[], ${cols.hash}::text[])
          AS t(i, s, a, sub, r, p, h)`.execute(tx);
      await sql`ALTER TABLE audit_event ENABLE TRIGGER USER`.execute(tx);
    });
  }
  await sql`SELECT setval('audit_event_id_seq', ${String(id)}::bigint)`.execute(owner);
}

/** What the database owner can do: anything, with the guard triggers switched off for the moment. */
export async function asDatabaseOwner(
  owner: Kysely<Database>,
  work: (tx: Kysely<Database>) => Promise<unknown>,
): Promise<void> {
  await owner.transaction().execute(async (tx) => {
    await sql`ALTER TABLE audit_event DISABLE TRIGGER USER`.execute(tx);
    await work(tx);
    await sql`ALTER TABLE audit_event ENABLE TRIGGER USER`.execute(tx);
  });
}
