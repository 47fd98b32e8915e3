import type { FastifyInstance } from 'fastify';
import Fastify from 'fastify';
import pg from 'pg';
import { CompiledQuery } from 'kysely';
import type { Databases } from '../src/db/connection.ts';
import { asActor } from '../src/db/tenancy.ts';
import type { CapturedStatement } from '../src/db/statement-count.ts';
import { csrfTokenFor } from '../src/platform/auth/sessions.ts';
import { actorByEmail } from '../test/support/actors.ts';
import { openSessionAsOwner } from '../test/support/sessions.ts';

/**
 * Each main page through the whole app, beside a bare route doing the same
 * SQL: a plain Fastify + pg server that replays the statements captured from
 * the app's own request, one after another on one pooled connection, as the
 * table owner, with no session, tenancy settings, audit event, transaction or
 * template. The two are driven over HTTP in alternating runs by the same client
 * loop (fetch, keep-alive), at 1 and at 8 concurrent clients. The ratio of the
 * p95s is what the app adds to its SQL. Without a server (PGlite) only the app
 * is measured.
 */
export interface SpeedPage {
  name: string;
  who: string;
  url: string;
  form?: Record<string, string>;
}

export interface SpeedRow {
  page: string;
  concurrency: number;
  appP95: number;
  bareP95: number | null;
  appP50: number;
  statements: number;
  transactions: number;
  bareStatements: number;
  /** The page's own statements replayed back to back, median ms: as the owner, and as the user under row-level security. */
  sqlAsOwner: number | null;
  sqlAsUser: number | null;
}

// Statements the bare route leaves out: what the app adds around the page's own SQL.
const APP_ONLY = /session_(resolve|open_scope)|set_config\('app\.|audit_record/;

export const percentile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};

export interface Target {
  url: string;
  init: RequestInit;
}

/** `total` requests from `concurrency` clients in a loop; the milliseconds of each. */
export async function drive(target: Target, concurrency: number, total: number): Promise<number[]> {
  const times: number[] = [];
  let left = total;
  const client = async () => {
    while (left-- > 0) {
      const started = performance.now();
      const response = await fetch(target.url, { ...target.init, redirect: 'manual' });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${target.url}: ${response.status}`);
      times.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  return times;
}

/** A signed-in request for `page` to the app listening at `base` (a session opened for its user). */
export async function targetFor(
  dbs: Pick<Databases, 'owner'>,
  base: string,
  config: { sessionSecret: string; sessionIdleMinutes: number },
  page: SpeedPage,
): Promise<Target> {
  const actor = await actorByEmail(dbs.owner, page.who);
  const token = await openSessionAsOwner(dbs.owner, actor.userId, config.sessionIdleMinutes);
  const headers: Record<string, string> = { cookie: `wp_session=${token}` };
  const init: RequestInit = page.form
    ? {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrfTokenFor(config.sessionSecret, token), ...page.form }).toString(),
      }
    : { method: 'GET', headers };
  return { url: `${base}${page.url}`, init };
}

/**
 * What row-level security adds to a page's own SQL: its captured statements replayed back to
 * back in one transaction, as the owner (as the bare route runs them) and as the page's user in
 * their request scope, in alternation; the median of each.
 */
async function replaySql(
  dbs: Databases,
  pool: pg.Pool,
  page: SpeedPage,
  statements: CapturedStatement[],
): Promise<{ owner: number; user: number }> {
  const actor = await actorByEmail(dbs.owner, page.who);
  const asOwner = async () => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      for (const s of statements) await client.query(s.sql, s.parameters as unknown[]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  };
  const asUser = () =>
    asActor(dbs.app, actor, async (tx) => {
      for (const s of statements) await tx.executeQuery(CompiledQuery.raw(s.sql, [...s.parameters]));
    });
  const owner: number[] = [];
  const user: number[] = [];
  for (let round = 0; round < 25; round++)
    for (const [run, times] of [
      [asOwner, owner],
      [asUser, user],
    ] as const) {
      const started = performance.now();
      await run();
      times.push(performance.now() - started);
    }
  return { owner: percentile(owner.slice(5), 0.5), user: percentile(user.slice(5), 0.5) };
}

export async function measureSpeed(
  app: FastifyInstance,
  dbs: Databases,
  ownerUrl: string | null,
  pages: SpeedPage[],
  options: { requests: number; rounds: number; concurrency: readonly number[] },
): Promise<SpeedRow[]> {
  const appBase = await app.listen({ port: 0, host: '127.0.0.1' });
  const captured = new Map<string, CapturedStatement[]>();
  const pool = ownerUrl ? new pg.Pool({ connectionString: ownerUrl, max: 10 }) : null;
  const bare = Fastify({ logger: false });
  bare.get<{ Params: { page: string } }>('/:page', async (request) => {
    const statements = captured.get(decodeURIComponent(request.params.page)) ?? [];
    const client = await pool!.connect();
    let rows = 0;
    try {
      for (const s of statements) rows += (await client.query(s.sql, s.parameters as unknown[])).rowCount ?? 0;
    } finally {
      client.release();
    }
    return { rows };
  });
  const bareBase = pool ? await bare.listen({ port: 0, host: '127.0.0.1' }) : null;

  const targets = new Map<string, Target>();
  const sqlTimes = new Map<string, { owner: number; user: number }>();
  for (const page of pages) {
    const target = await targetFor(dbs, appBase, app.config, page);
    targets.set(page.name, target);
    await drive(target, 1, 3); // warm up
    dbs.statements.reset(true);
    await drive(target, 1, 1);
    captured.set(
      page.name,
      (dbs.statements.captured ?? []).filter((s) => !APP_ONLY.test(s.sql)),
    );
    if (pool) sqlTimes.set(page.name, await replaySql(dbs, pool, page, captured.get(page.name)!));
  }

  const rows: SpeedRow[] = [];
  try {
    for (const page of pages) {
      const target = targets.get(page.name)!;
      const bareTarget = bareBase ? { url: `${bareBase}/${encodeURIComponent(page.name)}`, init: {} } : null;
      for (const concurrency of options.concurrency) {
        const appTimes: number[] = [];
        const bareTimes: number[] = [];
        let statements = 0;
        let transactions = 0;
        for (let round = 0; round < options.rounds; round++) {
          dbs.statements.reset();
          appTimes.push(...(await drive(target, concurrency, options.requests)));
          statements += dbs.statements.statements;
          transactions += dbs.statements.transactions;
          if (bareTarget) bareTimes.push(...(await drive(bareTarget, concurrency, options.requests)));
        }
        const requests = options.requests * options.rounds;
        rows.push({
          page: page.name,
          concurrency,
          appP50: percentile(appTimes, 0.5),
          appP95: percentile(appTimes, 0.95),
          bareP95: bareTimes.length ? percentile(bareTimes, 0.95) : null,
          statements: statements / requests,
          transactions: transactions / requests,
          bareStatements: captured.get(page.name)!.length,
          sqlAsOwner: sqlTimes.get(page.name)?.owner ?? null,
          sqlAsUser: sqlTimes.get(page.name)?.user ?? null,
        });
      }
    }
  } finally {
    await bare.close();
    await pool?.end();
  }
  return rows;
}

/**
 * Each statement is one round trip to the server, and so are each transaction's BEGIN and
 * COMMIT; the bare route sends its statements alone. Where round trips, not the work in them,
 * take the time (a page of two short reads), this quotient is about where the ratio ends up.
 */
const roundTrips = (r: SpeedRow): string => `${((r.statements + 2 * r.transactions) / r.bareStatements).toFixed(2)}×`;

const sqlTimes = (r: SpeedRow): string =>
  r.sqlAsOwner === null || r.sqlAsUser === null ? '–' : `${r.sqlAsOwner.toFixed(1)} / ${r.sqlAsUser.toFixed(1)}`;

export function speedMarkdown(rows: SpeedRow[]): string {
  const withBare = rows.some((r) => r.bareP95 !== null);
  const lines = withBare
    ? [
        '| page | clients | app p50 ms | app p95 ms | bare p95 ms | ratio | within 1.5× | app statements / transactions per request | bare statements | round trips app ÷ bare | page SQL as owner / as the user, ms |',
        '|---|---:|---:|---:|---:|---:|---|---|---:|---:|---:|',
      ]
    : ['| page | clients | p50 ms | p95 ms | statements / transactions per request |', '|---|---:|---:|---:|---|'];
  for (const r of rows) {
    const counts = `${r.statements.toFixed(1)} / ${r.transactions.toFixed(1)}`;
    if (withBare) {
      const ratio = r.appP95 / (r.bareP95 ?? Number.NaN);
      lines.push(
        `| ${r.page} | ${r.concurrency} | ${r.appP50.toFixed(1)} | ${r.appP95.toFixed(1)} | ${r.bareP95!.toFixed(1)} | ${ratio.toFixed(2)}× | ${ratio <= 1.5 ? 'yes' : 'no'} | ${counts} | ${r.bareStatements} | ${roundTrips(r)} | ${sqlTimes(r)} |`,
      );
    } else {
      lines.push(`| ${r.page} | ${r.concurrency} | ${r.appP50.toFixed(1)} | ${r.appP95.toFixed(1)} | ${counts} |`);
    }
  }
  return lines.join('\n');
}
