import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { PageClient } from '../support/http-client.ts';
import { verifyAuditChain } from '../../src/platform/audit-chain.ts';
import { openDatabases } from '../../src/db/connection.ts';
import {
  AuditCheckpoints,
  FileCheckpointSink,
  applyAuditRetention,
  checkpointKey,
} from '../../src/platform/audit-checkpoints.ts';

let t: TestApp;
let admin: PageClient;
beforeAll(async () => {
  t = await startTestApp();
  admin = new PageClient(t.app);
  await admin.signIn('admin@northshire.example');
});
afterAll(async () => t?.close());

const eventsFor = (subjectId: string) =>
  t.dbs.owner
    .selectFrom('audit_event')
    .selectAll()
    .where('subject_id', '=', subjectId)
    .where('action', '=', 'user.view')
    .execute();

/** Simulates an attacker with full database rights: switches the guard off, edits, switches it back. */
async function tamper(statement: ReturnType<typeof sql>) {
  await t.dbs.owner.transaction().execute(async (tx) => {
    await sql`ALTER TABLE audit_event DISABLE TRIGGER audit_refuse_change`.execute(tx);
    await statement.execute(tx);
    await sql`ALTER TABLE audit_event ENABLE TRIGGER audit_refuse_change`.execute(tx);
  });
}

describe('audit log', () => {
  it('each audited read leaves exactly one event, with ids and no personal data', async () => {
    const user = await t.dbs.owner
      .selectFrom('app_user')
      .select(['id', 'display_name', 'email'])
      .where('email', '=', 'idva@northshire.example')
      .executeTakeFirstOrThrow();
    expect(await eventsFor(user.id)).toHaveLength(0);
    const page = await admin.get(`/admin/users/${user.id}/edit`);
    expect(page.statusCode).toBe(200);
    const events = await eventsFor(user.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ subject_type: 'user', outcome: 'success', role: 'administrator' });
    expect(JSON.stringify(events[0])).not.toContain(user.display_name);
    expect(JSON.stringify(events[0])).not.toContain(user.email);
    await admin.get(`/admin/users/${user.id}/edit`);
    expect(await eventsFor(user.id)).toHaveLength(2);
  });

  it('the app role can neither change nor delete events, and the owner is refused by the trigger', async () => {
    await expect(
      t.dbs.app.transaction().execute((tx) => sql`UPDATE audit_event SET outcome = 'denied'`.execute(tx)),
    ).rejects.toThrow(/permission denied/);
    await expect(t.dbs.app.transaction().execute((tx) => sql`DELETE FROM audit_event`.execute(tx))).rejects.toThrow(
      /permission denied/,
    );
    await expect(
      t.dbs.app
        .transaction()
        .execute((tx) =>
          sql`INSERT INTO audit_event (id, occurred_at, action, outcome, prev_hash, hash) VALUES (1, now(), 'forged', 'success', '', '')`.execute(
            tx,
          ),
        ),
    ).rejects.toThrow(/permission denied/);
    await expect(sql`UPDATE audit_event SET outcome = 'denied'`.execute(t.dbs.owner)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_event`.execute(t.dbs.owner)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_event`.execute(t.dbs.owner)).rejects.toThrow(/append-only/);
  });

  it('verification passes on an untouched log and names an altered row', async () => {
    const clean = await verifyAuditChain(t.dbs.owner);
    expect(clean.checked).toBeGreaterThanOrEqual(3);
    expect(clean.problems).toEqual([]);
    const victim = await t.dbs.owner
      .selectFrom('audit_event')
      .select('id')
      .where('action', '=', 'user.view')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await tamper(sql`UPDATE audit_event SET user_id = NULL WHERE id = ${victim.id}`);
    const tampered = await verifyAuditChain(t.dbs.owner);
    expect(tampered.problems).toContainEqual({ id: String(victim.id), problem: 'altered' });
  });

  it('verification notices a deleted row', async () => {
    const rows = await t.dbs.owner.selectFrom('audit_event').select('id').orderBy('id', 'desc').limit(2).execute();
    await tamper(sql`DELETE FROM audit_event WHERE id = ${rows[1]!.id}`);
    const result = await verifyAuditChain(t.dbs.owner);
    expect(result.problems).toContainEqual({ id: String(rows[0]!.id), problem: 'broken-link' });
  });

  it('the retention job removes old events and leaves a chain that verifies from its anchor', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'wp-audit-'));
    const checkpoints = new AuditCheckpoints(
      t.dbs.app,
      checkpointKey(t.config.audit.checkpointKey),
      new FileCheckpointSink(path.join(dir, 'c.jsonl')),
    );
    // Start from a clean chain: retain nothing older than now, then write fresh events.
    await applyAuditRetention(t.dbs.owner, checkpoints, new Date(Date.now() + 1000));
    await admin.get('/admin/users');
    await admin.get('/admin/users');
    await checkpoints.seal();
    const cutoff = await t.dbs.owner
      .selectFrom('audit_event')
      .select('occurred_at')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    await admin.get('/admin/users');
    const removed = await applyAuditRetention(t.dbs.owner, checkpoints, cutoff.occurred_at);
    expect(removed).toBeGreaterThan(0);
    const result = await verifyAuditChain(t.dbs.owner);
    expect(result.checked).toBeGreaterThan(0);
    expect(result.problems).toEqual([]);
    await rm(dir, { recursive: true, force: true });
  });

  it('npm run audit:verify exits 0 on an intact log and 1 on a tampered one', async () => {
    const run = promisify(execFile);
    const verify = (env: Record<string, string>) =>
      run('npx', ['tsx', 'tools/audit-verify.ts'], { env: { ...process.env, ...env } });
    if (t.config.database.kind === 'postgres') {
      const env = { DATABASE_URL: t.config.database.ownerUrl };
      expect((await verify(env)).stdout).toContain('audit log intact');
      const some = await t.dbs.owner.selectFrom('audit_event').select('id').orderBy('id').executeTakeFirstOrThrow();
      await tamper(sql`UPDATE audit_event SET action = 'sign-out' WHERE id = ${some.id}`);
      await expect(verify(env)).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining('TAMPERED') });
      return;
    }
    // The embedded engine allows one process at a time: write a log to disk, close it, then run the command on it.
    const dir = await mkdtemp(path.join(tmpdir(), 'wp-audit-'));
    const onDisk = await startTestApp({ env: { DATA_DIR: dir } });
    const client = new PageClient(onDisk.app);
    await client.signIn('admin@northshire.example');
    await client.get('/admin/users');
    await onDisk.close();
    const env = { DATA_DIR: dir, DATABASE_URL: '' };
    expect((await verify(env)).stdout).toMatch(/audit log intact: \d+ events verified/);
    const reopened = await openDatabases({ kind: 'pglite', dataDir: dir });
    await reopened.owner.transaction().execute(async (tx) => {
      await sql`ALTER TABLE audit_event DISABLE TRIGGER audit_refuse_change`.execute(tx);
      await sql`UPDATE audit_event SET outcome = 'denied' WHERE action = 'user.list'`.execute(tx);
      await sql`ALTER TABLE audit_event ENABLE TRIGGER audit_refuse_change`.execute(tx);
    });
    await reopened.close();
    await expect(verify(env)).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining('TAMPERED') });
    await rm(dir, { recursive: true, force: true });
  }, 180_000);
});
