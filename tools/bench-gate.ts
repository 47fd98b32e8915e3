import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Databases } from '../src/db/connection.ts';
import { drive, percentile, targetFor, type SpeedPage, type Target } from './bench-bare.ts';

/**
 * The person page and person search beside the same pages served by an
 * earlier checkout of the code (the commit before the need-to-know gate),
 * against the same database: both apps in this process, driven over HTTP by
 * the same client loop in alternating runs, so load on the machine falls on
 * both alike. The earlier code's schema is older than the database's; it is
 * built without migrating (its migrator would refuse the newer ones), so it
 * runs on today's tables, indexes and policies.
 */
export interface GateRow {
  page: string;
  concurrency: number;
  currentP50: number;
  currentP95: number;
  earlierP50: number;
  earlierP95: number;
}

interface EarlierApp {
  app: FastifyInstance;
  dbs: Pick<Databases, 'owner'>;
  close(): Promise<void>;
}

async function earlierApp(tree: string, databaseUrl: string): Promise<EarlierApp> {
  const load = (path: string) => import(pathToFileURL(join(tree, path)).href);
  const { loadConfig } = (await load('src/config.ts')) as { loadConfig(env: Record<string, string>): unknown };
  const { openDatabases } = (await load('src/db/connection.ts')) as {
    openDatabases(config: unknown): Promise<Pick<Databases, 'owner'> & { close(): Promise<void> }>;
  };
  const { buildApp } = (await load('src/app.ts')) as {
    buildApp(config: unknown, dbs: unknown): Promise<FastifyInstance>;
  };
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: ':memory:',
    DEMO_DATA: 'false',
    DATABASE_URL: databaseUrl,
  }) as { database: unknown };
  const dbs = await openDatabases(config.database);
  const app = await buildApp(config, dbs);
  return {
    app,
    dbs,
    close: async () => {
      await app.close();
      await dbs.close();
    },
  };
}

export async function measureAgainstEarlier(
  current: FastifyInstance,
  dbs: Databases,
  databaseUrl: string,
  earlierTree: string,
  pages: SpeedPage[],
  options: { requests: number; rounds: number; concurrency: readonly number[] },
): Promise<GateRow[]> {
  // The earlier code may need the database as it was before later migrations changed what its queries rely on
  // (a copy of the same data, BENCH_EARLIER_DATABASE_URL); by default it shares today's.
  const earlier = await earlierApp(earlierTree, process.env.BENCH_EARLIER_DATABASE_URL ?? databaseUrl);
  const rows: GateRow[] = [];
  try {
    const currentBase = current.server.listening
      ? `http://127.0.0.1:${(current.server.address() as { port: number }).port}`
      : await current.listen({ port: 0, host: '127.0.0.1' });
    const earlierBase = await earlier.app.listen({ port: 0, host: '127.0.0.1' });
    for (const page of pages) {
      const targets: [Target, Target] = [
        await targetFor(dbs, currentBase, current.config, page),
        await targetFor(earlier.dbs, earlierBase, earlier.app.config, page),
      ];
      for (const target of targets) await drive(target, 1, 5); // warm up
      for (const concurrency of options.concurrency) {
        const times: [number[], number[]] = [[], []];
        for (let round = 0; round < options.rounds; round++)
          for (const [i, target] of targets.entries())
            times[i]!.push(...(await drive(target, concurrency, options.requests)));
        rows.push({
          page: page.name,
          concurrency,
          currentP50: percentile(times[0], 0.5),
          currentP95: percentile(times[0], 0.95),
          earlierP50: percentile(times[1], 0.5),
          earlierP95: percentile(times[1], 0.95),
        });
      }
    }
  } finally {
    await earlier.close();
  }
  return rows;
}

export function gateMarkdown(rows: GateRow[]): string {
  const lines = [
    '| page | clients | now p50 ms | now p95 ms | before the gate p50 ms | before the gate p95 ms | p95 ratio | within 1.2× |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of rows) {
    const ratio = r.currentP95 / r.earlierP95;
    lines.push(
      `| ${r.page} | ${r.concurrency} | ${r.currentP50.toFixed(1)} | ${r.currentP95.toFixed(1)} | ${r.earlierP50.toFixed(1)} | ${r.earlierP95.toFixed(1)} | ${ratio.toFixed(2)}× | ${ratio <= 1.2 ? 'yes' : 'no'} |`,
    );
  }
  return lines.join('\n');
}
