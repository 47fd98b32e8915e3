import { Kysely, PostgresDialect, type PostgresPool } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from './schema.ts';
import { pglitePools } from './pglite-pool.ts';
import { StatementCounter } from './statement-count.ts';
import { registerScopeKey } from './request-scope.ts';

export const APP_ROLE = 'wholepicture_app';

/**
 * Two handles on one database: `owner` runs migrations and the few
 * maintenance jobs; `app` is what requests use. The app role owns nothing, so
 * row-level security always applies to it.
 */
export interface Databases {
  owner: Kysely<Database>;
  app: Kysely<Database>;
  /** What the app handle has sent: read by the statement-count test and the benchmark. */
  statements: StatementCounter;
  close(): Promise<void>;
}

export async function openDatabases(config: Config['database']): Promise<Databases> {
  const statements = new StatementCounter();
  if (config.kind === 'pglite') {
    const { PGlite } = await import('@electric-sql/pglite');
    const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
    const { fuzzystrmatch } = await import('@electric-sql/pglite/contrib/fuzzystrmatch');
    const pglite = await PGlite.create(config.dataDir ?? undefined, {
      extensions: { pg_trgm, fuzzystrmatch },
      // Dates stay as text ("YYYY-MM-DD") so a date of birth never shifts by a time zone.
      parsers: { 1082: (v: string) => v },
    });
    // Both handles share one single-session engine, so they must share one lease queue.
    const pools = pglitePools(pglite, APP_ROLE);
    const owner = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pools.owner }) });
    const app = new Kysely<Database>({ dialect: new PostgresDialect({ pool: statements.wrap(pools.app) }) });
    for (const handle of [app, owner]) registerScopeKey(handle, owner);
    return {
      owner,
      app,
      statements,
      close: async () => {
        await pglite.close();
      },
    };
  }
  const pg = (await import('pg')).default;
  // Dates stay as text at the edge ("YYYY-MM-DD") so a date of birth never shifts by a time zone.
  pg.types.setTypeParser(1082, (v: string) => v);
  const ownerPool = new pg.Pool({ connectionString: config.ownerUrl, max: 2 });
  const appPool = new pg.Pool({ connectionString: config.appUrl, max: 10 });
  // An idle connection dropped by the server (restart, failover) must not crash the process; the pool replaces it.
  for (const pool of [ownerPool, appPool])
    pool.on('error', (error) => console.error(`database connection lost: ${error.message}`));
  const owner = new Kysely<Database>({ dialect: new PostgresDialect({ pool: ownerPool }) });
  const app = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: statements.wrap(appPool as unknown as PostgresPool) }),
  });
  for (const handle of [app, owner]) registerScopeKey(handle, owner);
  return {
    owner,
    app,
    statements,
    close: async () => {
      await app.destroy();
      await owner.destroy();
    },
  };
}
