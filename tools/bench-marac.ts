import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { bootstrap } from '../src/bootstrap.ts';
import type { Databases } from '../src/db/connection.ts';
import * as marac from '../src/modules/marac/service.ts';
import { actorByEmail } from '../test/support/actors.ts';
import { openSessionAsOwner } from '../test/support/sessions.ts';

/**
 * Agenda and chair's view of a 25-case MARAC meeting, on a PostgreSQL server,
 * with background volume in the partnership. Each page is requested through
 * the whole app (session, RLS, audit write, render) and compared with /health
 * measured in the same process, so the ratio survives a noisy machine.
 */
export interface PageTiming {
  page: string;
  requests: number;
  p50: number;
  p95: number;
  ratioToHealth: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export interface MaracTiming {
  rows: PageTiming[];
  backgroundCases: number;
  preparedSeconds: number;
}

/** Creates a fresh database on the server, seeds only the demo data and measures there. */
export async function runMaracBenchmark(
  serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  backgroundCases = 1_000,
): Promise<MaracTiming> {
  const name = `wp_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_DATA: 'true', DATABASE_URL: url.toString() });
  const { app, dbs } = await bootstrap(config);
  try {
    return await measureMaracPages(app, dbs, backgroundCases);
  } finally {
    await app.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

/**
 * On an app already holding data (the `national` seed in `npm run bench`): adds earlier MARAC
 * meetings through the services, then the measured meeting, and times its pages.
 */
export async function measureMaracPages(
  app: FastifyInstance,
  dbs: Databases,
  backgroundCases: number,
): Promise<MaracTiming> {
  const prepareStart = performance.now();
  const actorOf = (email: string) => actorByEmail(dbs.owner, email);
  const coordinator = await actorOf('coordinator@northshire.example');
  const chair = await actorOf('chair@northshire.example');
  const agencies = await dbs.owner
    .selectFrom('agency')
    .select('id')
    .where('partnership_id', '=', coordinator.partnershipId)
    .execute();
  const must = <T>(o: marac.Outcome<T>) => {
    if (!o.ok) throw new Error(o.problem);
    return o.value;
  };
  const openCase = async (n: number) =>
    must(
      await marac.acceptReferral(
        dbs.app,
        coordinator,
        (
          await marac.referManually(dbs.app, coordinator, {
            victim: {
              givenName: `Bench${n}`,
              familyName: `Case${n}`,
              dateOfBirth: `19${50 + (n % 49)}-0${1 + (n % 9)}-1${n % 9}`,
            },
            reason: 'Benchmark referral',
            consentStatus: 'given',
            lawfulBasis: null,
            childrenInHousehold: n % 3,
          })
        ).id,
        {
          consentStatus: 'given',
          lawfulBasis: null,
          riskLevel: 'high',
          childrenInHousehold: n % 3,
          summary: 'Benchmark case',
          victimSex: 'female',
          victimBme: null,
          victimLgbt: null,
          victimDisabled: null,
        },
      ),
    );

  // Background: earlier meetings' cases, so the queries run against a partnership with history.
  for (let n = 0; n < backgroundCases; n++) {
    await openCase(n);
    if (n % 40 === 39 || n === backgroundCases - 1) {
      const earlier = must(
        await marac.scheduleMeeting(dbs.app, coordinator, {
          heldOn: '2026-01-05',
          chairUserId: chair.userId,
          capacity: 40,
          agencyIds: agencies.map((a) => a.id),
        }),
      );
      must(await marac.assignCases(dbs.app, coordinator, earlier));
    }
  }
  // The meeting measured: 25 cases, research from three agencies, two actions each.
  const caseIds: string[] = [];
  for (let n = 0; n < 25; n++) caseIds.push(await openCase(100_000 + n));
  const meetingId = must(
    await marac.scheduleMeeting(dbs.app, coordinator, {
      heldOn: new Date().toISOString().slice(0, 10),
      chairUserId: chair.userId,
      capacity: 25,
      agencyIds: agencies.map((a) => a.id),
    }),
  );
  must(await marac.assignCases(dbs.app, coordinator, meetingId));
  const researchers = await Promise.all(
    ['police@northshire.example', 'health.visitor@northshire.example', 'idva@northshire.example'].map(actorOf),
  );
  for (const caseId of caseIds) {
    for (const r of researchers)
      must(
        await marac.recordResearch(dbs.app, r, meetingId, caseId, {
          noTrace: false,
          victim: 'Known to us: two contacts this year',
          perpetrator: 'Bail conditions',
          children: null,
        }),
      );
    for (const a of agencies.slice(0, 2))
      must(
        await marac.addAction(dbs.app, chair, meetingId, caseId, {
          ownerAgencyId: a.id,
          description: 'Benchmark action',
          dueOn: '2027-01-01',
        }),
      );
  }

  const preparedSeconds = (performance.now() - prepareStart) / 1000;
  const token = await openSessionAsOwner(dbs.owner, coordinator.userId, app.config.sessionIdleMinutes);
  const time = async (url: string, requests: number) => {
    const ms: number[] = [];
    for (let i = 0; i < requests; i++) {
      const started = process.hrtime.bigint();
      const response = await app.inject({
        method: 'GET',
        url: typeof url === 'string' ? url.replace('{case}', caseIds[i % caseIds.length]!) : url,
        headers: { cookie: `wp_session=${token}` },
      });
      if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode}`);
      ms.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    return ms.sort((a, b) => a - b);
  };
  await time('/health', 20); // warm up
  await time(`/marac/meetings/${meetingId}`, 10);
  const health = await time('/health', 200);
  const pages: [string, string][] = [
    ['agenda (25 cases)', `/marac/meetings/${meetingId}`],
    ["chair's view of one case", `/marac/meetings/${meetingId}/cases/{case}`],
  ];
  const rows: PageTiming[] = [];
  for (const [page, url] of pages) {
    const ms = await time(url, 200);
    rows.push({
      page,
      requests: ms.length,
      p50: percentile(ms, 50),
      p95: percentile(ms, 95),
      ratioToHealth: percentile(ms, 95) / percentile(health, 95),
    });
  }
  rows.push({
    page: '/health (baseline)',
    requests: health.length,
    p50: percentile(health, 50),
    p95: percentile(health, 95),
    ratioToHealth: 1,
  });
  return { rows, backgroundCases, preparedSeconds };
}

export function maracMarkdown(result: MaracTiming): string {
  const lines = ['| page | requests | p50 ms | p95 ms | p95 ÷ /health p95 |', '|---|---:|---:|---:|---:|'];
  for (const r of result.rows)
    lines.push(
      `| ${r.page} | ${r.requests} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.ratioToHealth.toFixed(1)} |`,
    );
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runMaracBenchmark();
  console.log(maracMarkdown(result));
}
