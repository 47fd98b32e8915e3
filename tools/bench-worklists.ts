import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import pg from 'pg';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { bootstrap } from '../src/bootstrap.ts';
import { PageClient } from '../test/support/http-client.ts';
import { seed } from './synthetic/seed.ts';

// The home page with its worklist, the worklist page and the referral queue, for an agency lead whose
// agency has a full list and a full queue, at `national` scale on PostgreSQL. The worklist is kept by the
// database as records change, so the pages read a list; this measures that they stay fast when it is long.

const ENV = { NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: ':memory:', DEMO_DATA: 'true' };
const LEAD = 'lead.police@northshire.example';

async function admin(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const p = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

export async function runWorklistBenchmarks(stamp: string): Promise<string> {
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const size = (process.env.BENCH_PEOPLE_SIZE ?? 'national') as 'area' | 'national';
  const requests = Number(process.env.BENCH_WORKLIST_REQUESTS ?? 120);
  // A database seeded earlier by the same seed may be reused (BENCH_WORKLIST_DATABASE_URL): the national seed takes
  // most of an hour on this machine. The 2,000 referrals are added to it once.
  const kept = process.env.BENCH_WORKLIST_DATABASE_URL;
  const dbName = `wp_bench_${randomBytes(4).toString('hex')}`;
  if (!kept) await admin(serverUrl, `CREATE DATABASE ${dbName}`);
  const url = new URL(kept ?? serverUrl);
  if (!kept) url.pathname = `/${dbName}`;
  try {
    const { app, dbs } = await bootstrap(loadConfig({ ...ENV, DATABASE_URL: url.toString() }));
    try {
      const seedStart = performance.now();
      const already = Number(
        (
          await sql<{ n: string }>`SELECT count(*) AS n FROM referral WHERE reason = 'Synthetic reason'`.execute(
            dbs.owner,
          )
        ).rows[0]!.n,
      );
      if (!kept) {
        console.log(`worklists: seeding ${size} on PostgreSQL…`);
        await seed(dbs.owner, size);
      }
      if (already === 0)
        // A full queue: 2,000 referrals to the police from the partnership's other agencies, about its people,
        // half awaiting a decision, and the worklist items the triggers keep for them and for the incidents.
        await sql`
        INSERT INTO referral (partnership_id, agency_id, to_agency_id, service, person_id, risk_level, reason,
          consent_status, shared_level, status, referred_by, due_at)
        SELECT p.partnership_id, u.agency_id, police.id, 'other', p.id, 'medium', 'Synthetic reason', 'given', 'shared-summary',
          'awaiting', u.id, now() + make_interval(hours => (n % 96) - 48)
        FROM generate_series(1, 2000) AS n
        JOIN LATERAL (SELECT id, partnership_id FROM person WHERE partnership_id = (SELECT id FROM partnership WHERE code = 'northshire')
          ORDER BY id OFFSET n LIMIT 1) p ON true
        JOIN agency police ON police.partnership_id = p.partnership_id AND police.kind = 'police'
        JOIN LATERAL (SELECT id, agency_id FROM app_user WHERE partnership_id = p.partnership_id AND agency_id <> police.id
          AND role = 'practitioner' AND active ORDER BY id LIMIT 1) u ON true`.execute(dbs.owner);
      await sql`VACUUM ANALYZE`.execute(dbs.owner);
      const seeded = kept
        ? 'seeded earlier by the same seed and kept'
        : `seeding took ${((performance.now() - seedStart) / 1000).toFixed(0)} s`;
      const counts = (
        await sql<{ people: string; items: string; referrals: string }>`
        SELECT (SELECT count(*) FROM person) AS people,
          (SELECT count(*) FROM worklist_item w JOIN agency g ON g.id = w.agency_id JOIN partnership s ON s.id = g.partnership_id
            WHERE w.status = 'open' AND g.kind = 'police' AND s.code = 'northshire') AS items,
          (SELECT count(*) FROM referral r JOIN agency g ON g.id = r.to_agency_id JOIN partnership s ON s.id = g.partnership_id
            WHERE g.kind = 'police' AND s.code = 'northshire') AS referrals`.execute(dbs.owner)
      ).rows[0]!;
      await app.ready();
      const client = new PageClient(app);
      await client.signIn(LEAD);
      const pages = [
        { name: 'home with the worklist', url: '/' },
        { name: 'worklist', url: '/worklist' },
        { name: 'referral queue', url: '/referrals' },
      ];
      const measures = new Map(pages.map((page) => [page.name, [] as number[]]));
      for (let k = 0; k < requests + 20; k++)
        for (const page of pages) {
          const t0 = performance.now();
          const response = await client.get(page.url);
          const ms = performance.now() - t0;
          if (response.statusCode !== 200) throw new Error(`${page.url}: ${response.statusCode}`);
          if (k >= 20) measures.get(page.name)!.push(ms);
        }
      const health: number[] = [];
      for (let k = 0; k < requests; k++) {
        const t0 = performance.now();
        await app.inject({ method: 'GET', url: '/health' });
        health.push(performance.now() - t0);
      }
      const base = p(health, 0.5);
      const rows = [...measures].map(
        ([name, xs]) =>
          `| ${name} | ${xs.length} | ${p(xs, 0.5).toFixed(1)} | ${p(xs, 0.95).toFixed(1)} | ${p(xs, 0.95) < 100 ? 'yes' : 'no'} | ${(p(xs, 0.5) / base).toFixed(1)}× |`,
      );
      return (
        `## Worklists and the referral queue\n\n${stamp}\n\n` +
        `Target: the home page with its worklist, and the referral queue, p95 under 100 ms at \`national\` scale on PostgreSQL. ` +
        `Signed in as the Northshire police lead, whose agency's open worklist holds ${Number(counts.items).toLocaleString('en-GB')} items ` +
        `and whose queue ${Number(counts.referrals).toLocaleString('en-GB')} referrals (2,000 added to the seed), on the \`${size}\` seed (${Number(counts.people).toLocaleString('en-GB')} person records) ` +
        `(${seeded}). Each request goes through the whole app via \`app.inject\`, one at a time, ${requests} per page after 20 warm-up rounds; ` +
        `the last column divides the p50 by /health's in the same process (${base.toFixed(1)} ms). Load average when it ended: ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores.\n\n` +
        [
          '| page | requests | p50 ms | p95 ms | p95 < 100 ms | p50 / health |',
          '|---|---:|---:|---:|---|---:|',
          ...rows,
        ].join('\n')
      );
    } finally {
      await app.close();
    }
  } finally {
    if (!kept) await admin(serverUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}
