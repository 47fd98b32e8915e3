import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient } from 'kysely';

/**
 * Presents one PGlite instance as a Kysely Postgres pool. PGlite has a single
 * session, so a connection is an exclusive lease: without the queue, two
 * requests' transactions (and their row-level-security settings) would
 * interleave.
 */
export function pglitePool(db: PGlite): PostgresPool {
  let queue: Promise<void> = Promise.resolve();

  const lease = async (): Promise<PostgresPoolClient> => {
    let free!: () => void;
    const previous = queue;
    queue = new Promise<void>((resolve) => (free = resolve));
    await previous;
    let released = false;
    return {
      query: (async (sql: string, parameters: readonly unknown[]) => {
        // Migrations send several statements at once; only the simple protocol (exec) accepts that, as with pg.
        if (parameters.length === 0 && sql.trim().replace(/;\s*$/, '').includes(';')) {
          const results = await db.exec(sql);
          const last = results[results.length - 1];
          return { command: undefined, rowCount: last?.affectedRows ?? 0, rows: last?.rows ?? [] };
        }
        const result = await db.query(sql, parameters as unknown[]);
        return { command: result.command, rowCount: result.rowCount ?? result.affectedRows ?? 0, rows: result.rows };
      }) as PostgresPoolClient['query'],
      release: () => {
        if (released) return;
        released = true;
        // A failed statement can leave an aborted transaction behind, and a lease may have switched
        // role: clear both before the next lease (RESET ROLE is a no-op for an owner lease).
        void db
          .exec('ROLLBACK; RESET ROLE')
          .catch(() => undefined)
          .finally(free);
      },
    };
  };

  return { connect: lease, end: async () => undefined } as unknown as PostgresPool;
}
