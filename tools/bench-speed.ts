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

/**
 * On a kept database, the pages of its first run: the fixtures add records that a second run
 * could not add again (teams, break-glass within a day), so their addresses are kept beside them.
 */
async function rememberedPages(app: FastifyInstance, dbs: Databases): Promise<SpeedPage[]> {
  await sql`CREATE TABLE IF NOT EXISTS bench_speed_page (id int PRIMARY KEY, pages jsonb NOT NULL)`.execute(dbs.owner);
  const { rows } = await sql<{ pages: SpeedPage[] }>`SELECT pages FROM bench_speed_page WHERE id = 1`.execute(
    dbs.owner,
  );
  if (rows[0]) return rows[0].pages;
  const pages = await mainPages(app, dbs);
  await sql`INSERT INTO bench_speed_page VALUES (1, ${JSON.stringify(pages)}::jsonb)`.execute(dbs.owner);
  return pages;
}

const load = () => `${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`;

/** The pages each comparison measures, as sections of BENCHMARKS.md (absent when not run). */
export interface SpeedSections {
  postgres?: string;
  pglite?: string;
  gate?: string;
}

/**
 * PostgreSQL (the `national` seed, in a database made for the run, or in
 * BENCH_SPEED_DATABASE_URL, seeded earlier and kept), then PGlite with the demo
 * partnership. BENCH_SPEED_ENGINES picks the engines ("postgres,pglite");
 * BENCH_EARLIER_TREE, a checkout of the commit before the need-to-know gate,
 * adds the person page and search beside that code on the same database.
 */
export async function runSpeedBenchmarks(stamp: string): Promise<SpeedSections> {
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const size = (process.env.BENCH_PEOPLE_SIZE ?? 'national') as 'area' | 'national';
  const requests = Number(process.env.BENCH_SPEED_REQUESTS ?? 80);
  const engines = (process.env.BENCH_SPEED_ENGINES ?? 'postgres,pglite').split(',');
  const earlierTree = process.env.BENCH_EARLIER_TREE;
  const kept = process.env.BENCH_SPEED_DATABASE_URL;
  const sections: SpeedSections = {};

  if (engines.includes('postgres')) {
    const dbName = `wp_bench_${randomBytes(4).toString('hex')}`;
    const url = new URL(kept ?? serverUrl);
    if (!kept) {
      await admin(serverUrl, `CREATE DATABASE ${dbName}`);
      url.pathname = `/${dbName}`;
    }
    try {
      const { app, dbs } = await bootstrap(loadConfig({ ...ENV, DATABASE_URL: url.toString() }));
      try {
        let seeded = 'seeded earlier by the same seed and kept';
        if (!kept) {
          console.log(`speed: seeding ${size} on PostgreSQL…`);
          const seedStart = performance.now();
          await seed(dbs.owner, size);
          await sql`VACUUM ANALYZE`.execute(dbs.owner);
          seeded = `seeding took ${((performance.now() - seedStart) / 1000).toFixed(0)} s`;
        }
        const people = (await sql<{ n: string }>`SELECT count(*) AS n FROM person`.execute(dbs.owner)).rows[0]!.n;
        const pages = kept ? await rememberedPages(app, dbs) : await mainPages(app, dbs);
        const on = `\`${size}\` seed on PostgreSQL (${Number(people).toLocaleString('en-GB')} person records; ${seeded})`;
        console.log('speed: PostgreSQL, each page beside the bare route…');
        const rows = await measureSpeed(app, dbs, url.toString(), pages, { requests, rounds: 2, concurrency: [1, 8] });
        sections.postgres =
          `## Pages at the speed of their SQL\n\n${stamp}\n\n` +
          `Targets: every main page within 1.5× of a bare route doing the same statements, at 1 and at 8 concurrent clients; ` +
          `p95 under 100 ms at 8 clients; statements per request at most the bare route's plus 2 (the session read, which sets the tenancy ` +
          `settings, and the audit event), in one transaction. The bare route (tools/bench-bare.ts) replays the statements captured from the app's own request ` +
          `as the table owner, one after another on one pooled connection, with no session, tenancy settings, row-level security, audit event, ` +
          `transaction or template; both are driven over HTTP by the same client loop, in this process. The last column but one divides the app's ` +
          `round trips to the server (its statements, and each transaction's BEGIN and COMMIT) by the bare route's statements; the last ` +
          `gives the page's own statements replayed back to back in one transaction, as the owner and as the page's user under ` +
          `row-level security (median of 20, alternating).\n\n` +
          `Measured on: ${on}, ${requests} requests per run, two alternating runs of the app and the bare route per page and concurrency. ` +
          `Load average when it ended: ${load()}.\n\n${speedMarkdown(rows)}`;
        if (earlierTree) {
          console.log('speed: the person page and search beside the code before the need-to-know gate…');
          const { measureAgainstEarlier, gateMarkdown } = await import('./bench-gate.ts');
          const compared = pages.filter((p) => p.name === 'person page' || p.name === 'person search');
          const gate = await measureAgainstEarlier(app, dbs, url.toString(), earlierTree, compared, {
            requests,
            rounds: 3,
            concurrency: [1, 8],
          });
          sections.gate =
            `## The need-to-know gate: person page and search against the code before it\n\n${stamp}\n\n` +
            `Target: the person page and person search within 1.2× of their p95 before the gate, measured in the same run. ` +
            `"Before" is a checkout of the last commit before the gate (BENCH_EARLIER_TREE), built without migrating and run against ` +
            (process.env.BENCH_EARLIER_DATABASE_URL
              ? `a copy of the same data taken before the signed request scope (whose policies the earlier code cannot satisfy, ` +
                `since it sets the old unsigned settings): both apps in this process, driven by the same client `
              : `the same database as "now" (today's schema, indexes and policies): both apps in this process, driven by the same client `) +
            `loop, ${requests} requests per run, three alternating runs each. Measured on: ${on}. Load average when it ended: ${load()}.\n\n` +
            gateMarkdown(gate);
        }
      } finally {
        await app.close();
      }
    } finally {
      if (!kept) await admin(serverUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    }
  }

  if (engines.includes('pglite')) {
    console.log('speed: PGlite, the demo partnership…');
    const embedded = await bootstrap(loadConfig(ENV));
    try {
      const pages = await mainPages(embedded.app, embedded.dbs);
      const rows = await measureSpeed(embedded.app, embedded.dbs, null, pages, {
        requests,
        rounds: 2,
        concurrency: [1, 8],
      });
      sections.pglite =
        `## Pages on the embedded engine (PGlite)\n\n${stamp}\n\n` +
        `The demo partnership and the fixtures on PGlite, in memory: one engine with one session, so requests take turns on it ` +
        `(src/db/pglite-pool.ts). Target: person page p95 under 150 ms at 8 concurrent users. ${requests} requests per run, two runs ` +
        `per page and concurrency, driven over HTTP by the same client loop, in this process. Load average when it ended: ${load()}.\n\n` +
        speedMarkdown(rows);
    } finally {
      await embedded.app.close();
    }
  }
  return sections;
}
