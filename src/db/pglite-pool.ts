import { parse, protocol, type PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient } from 'kysely';

/**
 * Presents one PGlite instance as two Kysely Postgres pools: the owner's and
 * the application role's. PGlite has a single session, so a connection is an
 * exclusive lease on it, and both pools share one queue: without it, two
 * requests' transactions (and their row-level-security settings) would
 * interleave.
 *
 * Requests take turns on that one session, so at 8 concurrent users each
 * waits for the others' SQL: what a lease costs is what the engine can serve.
 * Two things keep it short. The session switches role only when the next
 * lease is for the other role (not twice per lease). The application role's statements
 * are prepared once by name and then only bound and executed, in one call
 * into the engine: on small data most of a statement's time is parsing,
 * row-level-security rewriting and planning, which a prepared statement does
 * once (PostgreSQL re-plans it when a table it uses changes, and a change
 * of schema by the owner sets all of them aside).
 */
export function pglitePools(
  db: PGlite,
  appRole: string,
  options: { preparedLimit?: number } = {},
): { owner: PostgresPool; app: PostgresPool } {
  let queue: Promise<void> = Promise.resolve();
  let role: 'owner' | 'app' = 'owner';
  const prepared = new PreparedStatements(db, options.preparedLimit ?? 500);

  const lease = async (as: 'owner' | 'app'): Promise<PostgresPoolClient> => {
    let free!: () => void;
    const previous = queue;
    queue = new Promise<void>((resolve) => (free = resolve));
    await previous;
    try {
      if (as !== role) {
        await db.exec(as === 'app' ? `SET ROLE ${appRole}` : 'RESET ROLE');
        role = as;
      }
    } catch (error) {
      free();
      throw error;
    }
    let released = false;
    return {
      query: (async (sql: string, parameters: readonly unknown[]) => {
        // Migrations send several statements at once; only the simple protocol (exec) accepts that, as with pg.
        if (as === 'owner' && DDL.test(sql)) prepared.stale = true;
        if (parameters.length === 0 && sql.trim().replace(/;\s*$/, '').includes(';')) {
          const results = await db.exec(sql);
          const last = results[results.length - 1];
          return { command: undefined, rowCount: last?.affectedRows ?? 0, rows: last?.rows ?? [] };
        }
        const result = as === 'app' ? await prepared.query(sql, parameters) : await db.query(sql, [...parameters]);
        return { command: result.command, rowCount: result.affectedRows ?? 0, rows: result.rows };
      }) as PostgresPoolClient['query'],
      release: () => {
        if (released) return;
        released = true;
        // A failed statement can leave an aborted transaction behind: end it before the next lease. Always:
        // skipped when the engine said no transaction was open, closing the app after the referral jobs hung.
        void db
          .exec('ROLLBACK')
          .catch(() => undefined)
          .finally(free);
      },
    };
  };

  const pool = (as: 'owner' | 'app') =>
    ({ connect: () => lease(as), end: async () => undefined }) as unknown as PostgresPool;
  return { owner: pool('owner'), app: pool('app') };
}

// A statement that may change a table's shape, or what a role may do with it.
const DDL = /\b(ALTER|CREATE|DROP|GRANT|REVOKE|TRUNCATE)\b/i;

type Results = ReturnType<typeof parse.parseResults>[number];

const { serialize } = protocol;
const concat = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/**
 * Named prepared statements on the one session, by SQL text. The least
 * recently used are closed past a bound, so texts that vary (an IN list of
 * any length) do not grow the session without end.
 */
class PreparedStatements {
  private readonly byText = new Map<string, { name: string; types: number[] }>();
  private next = 0;
  /** Set when the owner changed the schema: a prepared statement could then answer with the old shape. */
  stale = false;

  constructor(
    private readonly db: PGlite,
    private readonly limit: number,
  ) {}

  async query(text: string, parameters: readonly unknown[]): Promise<Results> {
    if (this.stale) await this.forgetAll();
    const statement = this.byText.get(text) ?? (await this.prepare(text));
    // Most recently used last, so the first key is the one to close.
    this.byText.delete(text);
    this.byText.set(text, statement);
    const values = parameters.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serializer = this.db.serializers[statement.types[i]!];
      return serializer ? serializer(value) : String(value);
    });
    const { messages } = await this.db.execProtocol(
      concat([
        serialize.bind({ statement: statement.name, values }),
        serialize.describe({ type: 'P' }),
        serialize.execute({}),
        serialize.sync(),
      ]),
      { syncToFs: false },
    );
    await this.db.syncToFs();
    return parse.parseResults(messages, this.db.parsers)[0] ?? { rows: [], fields: [], affectedRows: 0 };
  }

  private async prepare(text: string): Promise<{ name: string; types: number[] }> {
    if (this.byText.size >= this.limit) await this.close(this.byText.keys().next().value!);
    const name = `wp_${this.next++}`;
    const { messages } = await this.db.execProtocol(
      concat([serialize.parse({ name, text }), serialize.describe({ type: 'S', name }), serialize.sync()]),
      { syncToFs: false },
    );
    const statement = { name, types: parse.parseDescribeStatementResults(messages) };
    this.byText.set(text, statement);
    return statement;
  }

  private async forgetAll(): Promise<void> {
    this.stale = false;
    this.byText.clear();
    await this.db.exec('DEALLOCATE ALL');
  }

  private async close(text: string): Promise<void> {
    const statement = this.byText.get(text);
    if (!statement) return;
    this.byText.delete(text);
    await this.db.execProtocol(concat([serialize.close({ type: 'S', name: statement.name }), serialize.sync()]), {
      syncToFs: false,
    });
  }
}
