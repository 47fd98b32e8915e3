import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import { asActor } from '../../src/db/tenancy.ts';
import { actorByEmail } from '../support/actors.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { canonicalText, verifyAuditChain } from '../../src/platform/audit-chain.ts';
import {
  AuditCheckpoints,
  FileCheckpointSink,
  applyAuditRetention,
  checkpointKey,
  checkpointSeqs,
  compareWithCheckpoints,
  readCheckpointFile,
} from '../../src/platform/audit-checkpoints.ts';
import { appendSealedEvents, asDatabaseOwner } from './audit-log-fixture.ts';

// The audit log against someone with the database owner's password: every
// tampering is found by the chain, or, where the owner could rebuild the chain
// (cutting its end, recomputing every hash), by the signed checkpoints kept outside.

const anonymous = { actor: null, id: 'audit-tampering-test' };

async function withLog(size: number) {
  const t = await startTestApp();
  const dir = await mkdtemp(path.join(tmpdir(), 'wp-checkpoints-'));
  const file = path.join(dir, 'checkpoints.jsonl');
  const key = checkpointKey(t.config.audit.checkpointKey);
  const checkpoints = new AuditCheckpoints(t.dbs.app, key, new FileCheckpointSink(file));
  if (size <= 1_000) {
    // Written the way the service writes them, so sealing is exercised too.
    for (let i = 0; i < size; i++)
      await t.app.audit.record(anonymous, { action: 'tamper-test.write', subjectType: 'user', subjectId: String(i) });
  } else {
    await appendSealedEvents(t.dbs.owner, size);
  }
  await checkpoints.seal();
  const verify = async () => {
    const entries = await readCheckpointFile(file).catch(() => []);
    // Pages smaller than the log, so every page boundary is crossed.
    const report = await verifyAuditChain(t.dbs.owner, {
      batchSize: size <= 10 ? 3 : size <= 1_000 ? 100 : 10_000,
      watch: checkpointSeqs(entries),
    });
    return { report, checkpointProblems: compareWithCheckpoints(report, entries, key) };
  };
  // The whole row as the database's own JSON, so times keep their microseconds.
  const rowAt = async (seq: string | bigint) => {
    const json = (
      await sql<{
        j: string;
      }>`SELECT row_to_json(e)::text AS j FROM audit_event e WHERE seq = ${String(seq)}::bigint`.execute(t.dbs.owner)
    ).rows[0]!.j;
    return { ...(JSON.parse(json) as { id: string; hash: string }), json };
  };
  const restore = (row: { id: unknown; json: string }) =>
    asDatabaseOwner(t.dbs.owner, async (tx) => {
      await sql`DELETE FROM audit_event WHERE id = ${String(row.id)}::bigint`.execute(tx);
      await sql`INSERT INTO audit_event SELECT * FROM json_populate_record(NULL::audit_event, ${row.json}::json)`.execute(
        tx,
      );
    });
  const head = async () =>
    BigInt(
      (await sql<{ seq: string }>`SELECT max(seq)::text AS seq FROM audit_event`.execute(t.dbs.owner)).rows[0]!.seq,
    );
  return { t, dir, file, key, checkpoints, verify, rowAt, restore, head };
}

describe.each([10, 1_000, 100_000])('an audit log of %i events', (size) => {
  let log: Awaited<ReturnType<typeof withLog>>;
  // Restoring is proven on the smaller logs; the largest is read whole only where a finding needs it.
  const quick = size <= 1_000;
  beforeAll(async () => {
    log = await withLog(size);
  }, 240_000);
  afterAll(async () => {
    await log?.t.close();
    if (log) await rm(log.dir, { recursive: true, force: true });
  });

  it('verifies when untouched: every event read once, in chain order', async () => {
    const { report, checkpointProblems } = await log.verify();
    expect(report.problems).toEqual([]);
    expect(checkpointProblems).toEqual([]);
    expect(report.checked).toBeGreaterThanOrEqual(size);
    expect(BigInt(report.head!.seq)).toBe(await log.head());
    expect(report.checked).toBe(Number(await log.head()));
  });

  it('names one edited event', async () => {
    const middle = (await log.head()) / 2n + 1n;
    const original = await log.rowAt(middle);
    await asDatabaseOwner(log.t.dbs.owner, (tx) =>
      sql`UPDATE audit_event SET outcome = 'denied' WHERE seq = ${String(middle)}::bigint`.execute(tx),
    );
    expect((await log.verify()).report.problems).toEqual([{ id: String(original.id), problem: 'altered' }]);
    await log.restore(original);
    if (quick) expect((await log.verify()).report.problems).toEqual([]);
  });

  it('names the event after one deleted event', async () => {
    const middle = (await log.head()) / 3n + 1n;
    const original = await log.rowAt(middle);
    const next = await log.rowAt(middle + 1n);
    await asDatabaseOwner(log.t.dbs.owner, (tx) =>
      sql`DELETE FROM audit_event WHERE seq = ${String(middle)}::bigint`.execute(tx),
    );
    expect((await log.verify()).report.problems).toEqual([{ id: String(next.id), problem: 'broken-link' }]);
    await log.restore(original);
    if (quick) expect((await log.verify()).report.problems).toEqual([]);
  });

  it('names the newest events when they are deleted with the retention switch, through the checkpoint', async () => {
    const checkpoint = (await log.checkpoints.write())!;
    const top = await log.head();
    const removed = [await log.rowAt(top - 2n), await log.rowAt(top - 1n), await log.rowAt(top)];
    await log.t.dbs.owner.transaction().execute(async (tx) => {
      await sql`SET LOCAL wholepicture.audit_retention = 'on'`.execute(tx);
      await sql`DELETE FROM audit_event WHERE seq > ${String(top - 3n)}::bigint`.execute(tx);
    });
    const { report, checkpointProblems } = await log.verify();
    expect(report.problems).toEqual([]); // the chain alone cannot see a cut end
    expect(checkpointProblems).toEqual([
      expect.objectContaining({
        id: checkpoint.event,
        message: expect.stringContaining(`audit event ${checkpoint.event}`),
      }),
    ]);
    expect(checkpointProblems[0]!.message).toContain('missing');
    for (const row of removed) await log.restore(row);
    if (quick) expect((await log.verify()).checkpointProblems).toEqual([]);
  });

  it('names the checkpointed event when an event is edited and every later hash recomputed', async () => {
    const checkpoint = (await log.checkpoints.write())!;
    const from = (await log.head()) - 5n;
    await asDatabaseOwner(log.t.dbs.owner, async (tx) => {
      await sql`UPDATE audit_event SET outcome = 'denied' WHERE seq = ${String(from)}::bigint`.execute(tx);
      const rows = (
        await sql<{
          id: string;
          seq: string;
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
        }>`
        SELECT id::text AS id, seq::text AS seq, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred,
          partnership_id::text AS partnership_id, user_id::text AS user_id, agency_id::text AS agency_id, role, action, subject_type, subject_id, outcome, request_id, prev_hash
        FROM audit_event e WHERE e.seq >= ${String(from)}::bigint ORDER BY e.seq`.execute(tx)
      ).rows;
      let previous = rows[0]!.prev_hash;
      for (const row of rows) {
        const hash = createHash('sha256')
          .update(canonicalText({ ...row, prev_hash: previous }), 'utf8')
          .digest('hex');
        await sql`UPDATE audit_event SET prev_hash = ${previous}, hash = ${hash} WHERE id = ${row.id}::bigint`.execute(
          tx,
        );
        previous = hash;
      }
    });
    const { report, checkpointProblems } = await log.verify();
    expect(report.problems).toEqual([]); // a consistent forgery, as far as the database can tell
    // Every checkpoint at or after the rewritten event names it: here the two taken at the head.
    expect(checkpointProblems.length).toBeGreaterThan(0);
    for (const p of checkpointProblems)
      expect(p).toEqual({ id: checkpoint.event, message: expect.stringContaining('rewritten') });
  });
});

describe('checkpoints and retention', () => {
  let log: Awaited<ReturnType<typeof withLog>>;
  beforeAll(async () => {
    log = await withLog(30);
  }, 120_000);
  afterAll(async () => {
    await log?.t.close();
    if (log) await rm(log.dir, { recursive: true, force: true });
  });

  it('a forged or edited checkpoint line is refused, not trusted', async () => {
    await log.checkpoints.write();
    const lines = (await readFile(log.file, 'utf8')).trim().split('\n');
    const forged = { ...JSON.parse(lines[lines.length - 1]!), hash: 'f'.repeat(64) };
    const forgedFile = path.join(log.dir, 'forged.jsonl');
    await writeFile(forgedFile, `${JSON.stringify(forged)}\n`);
    const entries = await readCheckpointFile(forgedFile);
    const report = await verifyAuditChain(log.t.dbs.owner, { watch: checkpointSeqs(entries) });
    expect(compareWithCheckpoints(report, entries, log.key)).toEqual([
      { id: 'checkpoint line 1', message: 'checkpoint is not validly signed' },
    ]);
  });

  it('retention writes its checkpoint first, and the chain still verifies against every checkpoint', async () => {
    const cut = new Date(Date.now() + 1000);
    const removed = await applyAuditRetention(log.t.dbs.owner, log.checkpoints, cut);
    expect(removed).toBeGreaterThanOrEqual(30);
    for (let i = 0; i < 5; i++) await log.t.app.audit.record(anonymous, { action: 'tamper-test.after' });
    await log.checkpoints.write();
    const { report, checkpointProblems } = await log.verify();
    expect(report.problems).toEqual([]);
    expect(report.checked).toBe(5);
    expect(checkpointProblems).toEqual([]);
  });

  it('the database refuses retention past the newest checkpoint', async () => {
    for (let i = 0; i < 3; i++) await log.t.app.audit.record(anonymous, { action: 'tamper-test.after' });
    await log.checkpoints.seal();
    const top = await log.head();
    await expect(
      sql`SELECT audit_apply_retention(now() + interval '1 hour', ${String(top)}::bigint)`.execute(log.t.dbs.owner),
    ).rejects.toThrow(/needs a checkpoint/);
  });

  it('events removed by the owner and passed off as retention are named', async () => {
    await log.checkpoints.write();
    const top = await log.head();
    const last = await log.rowAt(top - 1n);
    await asDatabaseOwner(log.t.dbs.owner, async (tx) => {
      await sql`DELETE FROM audit_event WHERE seq < ${String(top)}::bigint`.execute(tx);
      await sql`UPDATE audit_anchor SET last_removed_seq = ${String(top - 1n)}::bigint, last_removed_id = ${String(last.id)}::bigint, last_removed_hash = ${last.hash as string}`.execute(
        tx,
      );
    });
    const { report, checkpointProblems } = await log.verify();
    expect(report.problems).toEqual([]);
    expect(checkpointProblems).toContainEqual({
      id: String(top - 1n),
      message: expect.stringContaining('without a signed retention checkpoint'),
    });
  });
});

describe('many writers at once', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('sixteen concurrent writers all end up in one unbroken chain', async () => {
    await Promise.all(
      Array.from({ length: 16 }, (_, w) =>
        (async () => {
          for (let i = 0; i < 20; i++)
            await t.app.audit.record(anonymous, { action: 'tamper-test.concurrent', subjectId: `${w}-${i}` });
        })(),
      ),
    );
    await t.app.auditCheckpoints.seal();
    const report = await verifyAuditChain(t.dbs.owner);
    expect(report.problems).toEqual([]);
    expect(report.unsealed).toBe(0);
    const n = await sql<{
      n: string;
    }>`SELECT count(*)::text AS n FROM audit_event WHERE action = 'tamper-test.concurrent' AND seq IS NOT NULL`.execute(
      t.dbs.owner,
    );
    expect(Number(n.rows[0]!.n)).toBe(320);
  });
});

describe('the people an event names', () => {
  let t: TestApp;
  let people: string[];
  const events: string[] = [];
  // The owner, with the append-only triggers of both tables switched off.
  const asOwner = (work: (tx: Kysely<Database>) => Promise<unknown>) =>
    t.dbs.owner.transaction().execute(async (tx) => {
      await sql`ALTER TABLE audit_event_person DISABLE TRIGGER USER`.execute(tx);
      await sql`ALTER TABLE audit_event DISABLE TRIGGER USER`.execute(tx);
      await work(tx);
      await sql`ALTER TABLE audit_event ENABLE TRIGGER USER`.execute(tx);
      await sql`ALTER TABLE audit_event_person ENABLE TRIGGER USER`.execute(tx);
    });
  const problems = async () => (await verifyAuditChain(t.dbs.owner, { batchSize: 7 })).problems;

  beforeAll(async () => {
    t = await startTestApp();
    const reader = await actorByEmail(t.dbs.owner, 'police@northshire.example');
    people = (
      await t.dbs.owner
        .selectFrom('person')
        .select('id')
        .where('partnership_id', '=', reader.partnershipId)
        .orderBy('id')
        .limit(3)
        .execute()
    ).map((p) => p.id);
    // Reads about two people, one person, and none: the way pages write them.
    for (let i = 0; i < 30; i++) {
      const about = i % 3 === 0 ? people.slice(0, 2) : i % 3 === 1 ? [people[2]!] : [];
      const { rows } = await asActor(t.dbs.app, reader, (tx) =>
        sql<{
          id: string;
        }>`SELECT audit_record_about('tamper-test.read', 'marac-case', ${String(i)}, 'success', 'people-test', ${about}::uuid[])::text AS id`.execute(
          tx,
        ),
      );
      events.push(rows[0]!.id);
    }
    await t.app.auditCheckpoints.seal();
  }, 240_000);
  afterAll(async () => t?.close());

  it('verifies when untouched, the links being part of each hash', async () => {
    expect(await problems()).toEqual([]);
    const links = await sql<{ n: string }>`SELECT count(*)::text AS n FROM audit_event_person`.execute(t.dbs.owner);
    expect(Number(links.rows[0]!.n)).toBeGreaterThanOrEqual(30);
  });

  it('names the event whose link to a person was deleted', async () => {
    const event = events[3]!; // about two people
    await asOwner((tx) =>
      sql`DELETE FROM audit_event_person WHERE event_id = ${event}::bigint AND person_id = ${people[1]!}::uuid`.execute(
        tx,
      ),
    );
    expect(await problems()).toEqual([{ id: event, problem: 'altered' }]);
    await asOwner((tx) =>
      sql`INSERT INTO audit_event_person (event_id, person_id) VALUES (${event}::bigint, ${people[1]!}::uuid)`.execute(
        tx,
      ),
    );
    expect(await problems()).toEqual([]);
  });

  it('names the event whose link was changed to another person', async () => {
    const event = events[4]!; // about one person
    await asOwner((tx) =>
      sql`UPDATE audit_event_person SET person_id = ${people[0]!}::uuid WHERE event_id = ${event}::bigint`.execute(tx),
    );
    expect(await problems()).toEqual([{ id: event, problem: 'altered' }]);
    await asOwner((tx) =>
      sql`UPDATE audit_event_person SET person_id = ${people[2]!}::uuid WHERE event_id = ${event}::bigint`.execute(tx),
    );
    expect(await problems()).toEqual([]);
  });

  it('names the event a link was added to', async () => {
    const event = events[5]!; // about no one
    await asOwner((tx) =>
      sql`INSERT INTO audit_event_person (event_id, person_id) VALUES (${event}::bigint, ${people[0]!}::uuid)`.execute(
        tx,
      ),
    );
    expect(await problems()).toEqual([{ id: event, problem: 'altered' }]);
    await asOwner((tx) => sql`DELETE FROM audit_event_person WHERE event_id = ${event}::bigint`.execute(tx));
    expect(await problems()).toEqual([]);
  });

  it('names the events when every link is removed and the format moved to pass them off as older', async () => {
    await asOwner(async (tx) => {
      await sql`DELETE FROM audit_event_person`.execute(tx);
      await sql`UPDATE audit_chain_format SET people_from_seq = people_from_seq + 1000000`.execute(tx);
    });
    const found = await problems();
    // Every event that named someone (20 of the 30 written here) fails its hash; those about no one still verify.
    const ids = new Set(found.map((p) => p.id));
    expect(events.filter((id) => ids.has(id))).toEqual(events.filter((_, i) => i % 3 !== 2));
    expect(new Set(found.map((p) => p.problem))).toEqual(new Set(['altered']));
  });
});
