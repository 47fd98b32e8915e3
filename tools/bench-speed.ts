import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import pg from 'pg';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { bootstrap } from '../src/bootstrap.ts';
import type { Databases } from '../src/db/connection.ts';
import type { FastifyInstance } from 'fastify';
import { securityFixtures } from '../test/security/fixtures.ts';
import type { TestApp } from '../test/support/test-app.ts';
import { seed } from './synthetic/seed.ts';
import { measureSpeed, speedMarkdown, type SpeedPage } from './bench-bare.ts';

const ENV = { NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: ':memory:', DEMO_DATA: 'true' };

async function admin(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The main pages, filled from the fixtures and, for the person pages, the partnership's busiest police record. */
async function mainPages(app: FastifyInstance, dbs: Databases): Promise<SpeedPage[]> {
  const f = await securityFixtures({ app, dbs } as TestApp);
  const { rows } = await sql<{ id: string; given_name: string; family_name: string }>`
    SELECT p.id, p.given_name, p.family_name FROM person p
    JOIN agency g ON g.id = p.agency_id AND g.kind = 'police'
    JOIN partnership s ON s.id = p.partnership_id AND s.code = 'northshire'
    JOIN incident_involvement x ON x.person_id = p.id
    GROUP BY p.id ORDER BY count(*) DESC, p.id LIMIT 1`.execute(dbs.owner);
  const busiest = rows[0]!;
  const police = 'police@northshire.example';
  const visitor = 'health.visitor@northshire.example';
  return [
    { name: 'home', who: police, url: '/' },
    { name: 'person page', who: police, url: `/people/${busiest.id}` },
    {
      name: 'person search',
      who: police,
      url: '/people/search',
      form: { name: `${busiest.given_name} ${busiest.family_name}` },
    },
    { name: 'checklist result', who: visitor, url: `/assessments/${f.own.assessment}` },
    { name: 'MARAC agenda', who: 'coordinator@northshire.example', url: `/marac/meetings/${f.own.maracMeeting}` },
    {
      name: "chair's view",
      who: 'chair@northshire.example',
      url: `/marac/meetings/${f.own.maracMeeting}/cases/${f.own.maracCase}`,
    },
    { name: 'worklist', who: visitor, url: '/worklist' },
    { name: 'referral queue', who: visitor, url: '/referrals' },
  ];
}

export async function runSpeedBenchmarks(stamp: string): Promise<string> {
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const size = (process.env.BENCH_PEOPLE_SIZE ?? 'national') as 'area' | 'national';
  const requests = Number(process.env.BENCH_SPEED_REQUESTS ?? 80);
  const dbName = `wp_bench_${randomBytes(4).toString('hex')}`;
  await admin(serverUrl, `CREATE DATABASE ${dbName}`);
  const url = new URL(serverUrl);
  url.pathname = `/${dbName}`;
  let server = '';
  try {
    console.log(`speed: seeding ${size} on PostgreSQL…`);
    const { app, dbs } = await bootstrap(loadConfig({ ...ENV, DATABASE_URL: url.toString() }));
    try {
      const seedStart = performance.now();
      await seed(dbs.owner, size);
      await sql`VACUUM ANALYZE`.execute(dbs.owner);
      const seedSeconds = (performance.now() - seedStart) / 1000;
      const people = (await sql<{ n: string }>`SELECT count(*) AS n FROM person`.execute(dbs.owner)).rows[0]!.n;
      const pages = await mainPages(app, dbs);
      const rows = await measureSpeed(app, dbs, url.toString(), pages, { requests, rounds: 2, concurrency: [1, 8] });
      server =
        `Measured on: \`${size}\` seed on PostgreSQL (${Number(people).toLocaleString('en-GB')} person records; seeding took ${seedSeconds.toFixed(0)} s), ` +
        `${requests} requests per run, two alternating runs of the app and the bare route per page and concurrency. Load average when it ended: ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores.\n\n` +
        speedMarkdown(rows);
    } finally {
      await app.close();
    }
  } finally {
    await admin(serverUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }

  console.log('speed: PGlite, the demo partnership…');
  const embedded = await bootstrap(loadConfig(ENV));
  let pglite = '';
  try {
    const pages = await mainPages(embedded.app, embedded.dbs);
    const rows = await measureSpeed(embedded.app, embedded.dbs, null, pages, {
      requests,
      rounds: 1,
      concurrency: [1, 8],
    });
    pglite =
      `The demo partnership and the fixtures on PGlite (one engine, one session: requests take turns on it). ` +
      `Target: person page p95 under 150 ms at 8 concurrent users. Load average when it ended: ${loadavg()[0]!.toFixed(1)}.\n\n` +
      speedMarkdown(rows);
  } finally {
    await embedded.app.close();
  }
  return (
    `## Pages at the speed of their SQL\n\n${stamp}\n\n` +
    `Targets: every main page within 1.5× of a bare route doing the same statements, at 1 and at 8 concurrent clients; ` +
    `p95 under 100 ms at 8 clients; statements per request at most the bare route's plus 2 (the tenancy settings and the audit event), ` +
    `with the session read as a third. The bare route (tools/bench-bare.ts) replays the statements captured from the app's own request ` +
    `as the table owner, one after another on one pooled connection, with no session, tenancy settings, row-level security, audit event, ` +
    `transaction or template; both are driven over HTTP by the same client loop.\n\n### PostgreSQL\n\n${server}\n\n### PGlite (embedded)\n\n${pglite}`
  );
}
