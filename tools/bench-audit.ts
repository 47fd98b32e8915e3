import { randomBytes, randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../src/db/schema.ts';
import { signedScope } from '../src/db/request-scope.ts';
import { openDatabases } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { verifyAuditChain } from '../src/platform/audit-chain.ts';
import { appendSealedEvents } from '../test/security/audit-log-fixture.ts';

// Audit log: writes per second with 1 and 16 concurrent writers, beside a plain insert of the same row
// into a table with no chain (the control), then verification of a 1,000,000-event log.
// Needs PostgreSQL (DATABASE_URL): the embedded engine has one connection, so it has no concurrency to measure.

interface Rate {
  writers: number;
  audit: number;
  plain: number;
}

async function measure(
  app: Kysely<Database>,
  pool: pg.Pool,
  writers: number,
  seconds: number,
  statement: string,
  params: () => unknown[],
): Promise<number> {
  const until = performance.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      const client = await pool.connect();
      try {
        // The same transaction shape as a request's audit write: the signed scope, the insert, commit.
        while (performance.now() < until) {
          await client.query('BEGIN');
          const userId = randomUUID();
          const scope = await signedScope(app, { partnershipId: '', agencyId: '', userId, role: 'practitioner' });
          await client.query(
            `SELECT set_config('app.scope', $1, true), set_config('app.user_id', $2, true), set_config('app.role', 'practitioner', true)`,
            [scope, userId],
          );
          await client.query(statement, params());
          await client.query('COMMIT');
          done++;
        }
      } finally {
        client.release();
      }
    }),
  );
  return done / seconds;
}

export async function runAuditBenchmarks(serverUrl: string, seconds = 5, verifySize = 1_000_000) {
  const dbName = `wp_bench_audit_${randomBytes(4).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${dbName}`);
  const url = new URL(serverUrl);
  url.pathname = `/${dbName}`;
  const appUrl = new URL(url);
  appUrl.username = 'wholepicture_app';
  appUrl.password = '';
  const dbs = await openDatabases({ kind: 'postgres', ownerUrl: url.toString(), appUrl: appUrl.toString() });
  const pool = new pg.Pool({ connectionString: appUrl.toString(), max: 17 });
  try {
    await migrateToLatest(dbs.owner);
    // The control: the same columns, no trigger, no chain, written by the same role.
    await sql`CREATE TABLE plain_audit_control (id bigserial PRIMARY KEY, occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      user_id uuid, role text, action text NOT NULL, subject_type text, subject_id text, outcome text NOT NULL, request_id text)`.execute(
      dbs.owner,
    );
    await sql`GRANT INSERT ON plain_audit_control TO wholepicture_app; GRANT USAGE ON SEQUENCE plain_audit_control_id_seq TO wholepicture_app`.execute(
      dbs.owner,
    );
    const params = () => ['person.view', 'person', randomUUID(), 'success', randomUUID()];
    const audit = `SELECT audit_record($1, $2, $3, $4, $5)`;
    const plain = `INSERT INTO plain_audit_control (user_id, role, action, subject_type, subject_id, outcome, request_id)
      VALUES (current_setting('app.user_id')::uuid, current_setting('app.role'), $1, $2, $3, $4, $5)`;
    const rates: Rate[] = [];
    for (const writers of [1, 16]) {
      // Interleaved, so a change in the machine's load hits both alike.
      const a = await measure(dbs.app, pool, writers, seconds, audit, params);
      const p = await measure(dbs.app, pool, writers, seconds, plain, params);
      rates.push({ writers, audit: a, plain: p });
    }
    await sql`SELECT audit_seal(true, 1000000)`.execute(dbs.owner);
    const written = await verifyAuditChain(dbs.owner);
    if (written.problems.length > 0 || written.unsealed > 0) throw new Error('the benchmark left a broken chain');
    await appendSealedEvents(dbs.owner, verifySize - written.checked, 10_000);
    await sql`VACUUM ANALYZE audit_event`.execute(dbs.owner);
    const t0 = performance.now();
    const big = await verifyAuditChain(dbs.owner);
    const verifySeconds = (performance.now() - t0) / 1000;
    if (big.problems.length > 0) throw new Error('the 1,000,000-event log did not verify');
    return { rates, verified: big.checked, verifySeconds, load: loadavg()[0]!.toFixed(1), cores: cpus().length };
  } finally {
    await pool.end();
    await dbs.close();
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}

export function auditMarkdown(r: Awaited<ReturnType<typeof runAuditBenchmarks>>, seconds: number): string {
  const one = r.rates.find((x) => x.writers === 1)!;
  const many = r.rates.find((x) => x.writers === 16)!;
  const fmt = (n: number) => Math.round(n).toLocaleString('en-GB');
  return [
    '| writers | audit events/s | plain inserts/s (control) |',
    '|---|---|---|',
    ...r.rates.map((x) => `| ${x.writers} | ${fmt(x.audit)} | ${fmt(x.plain)} |`),
    '',
    `16 writers ÷ 1 writer: audit **${(many.audit / one.audit).toFixed(2)}×** (target ≥ 3×), plain control ${(many.plain / one.plain).toFixed(2)}×. ` +
      `Each figure is ${seconds} s of writers looping over the service's transaction (identity settings, the write, commit); audit and control runs interleaved.`,
    '',
    `Verifying ${r.verified.toLocaleString('en-GB')} events (\`verifyAuditChain\`, what \`npm run audit:verify\` runs): **${r.verifySeconds.toFixed(1)} s** (target < 60 s). ` +
      `Load average when it ended: ${r.load} on ${r.cores} cores.`,
  ].join('\n');
}
