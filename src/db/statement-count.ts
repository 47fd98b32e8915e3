import type { PostgresPool, PostgresPoolClient } from 'kysely';

/** One statement as the app sent it, for replaying the same work elsewhere (the bare-route benchmark). */
export interface CapturedStatement {
  sql: string;
  parameters: readonly unknown[];
}

const BEGIN = /^\s*(begin|start transaction)\b/i;
const END = /^\s*(commit|rollback|end)\b/i;

/**
 * Counts what the app sends to the database: statements (not counting BEGIN,
 * COMMIT and ROLLBACK) and transactions (each BEGIN, and each statement sent
 * outside one, which is a transaction of its own). The statement-count test
 * and the benchmark read it; `capture` keeps the statements themselves.
 */
export class StatementCounter {
  statements = 0;
  transactions = 0;
  captured: CapturedStatement[] | null = null;

  reset(capture = false): void {
    this.statements = 0;
    this.transactions = 0;
    this.captured = capture ? [] : null;
  }

  /** A pool whose clients are counted. */
  wrap(pool: PostgresPool): PostgresPool {
    return {
      connect: async () => this.client(await pool.connect()),
      end: () => pool.end(),
    } as PostgresPool;
  }

  private client(client: PostgresPoolClient): PostgresPoolClient {
    let inTransaction = false;
    const query = ((text: string, parameters: readonly unknown[]) => {
      if (typeof text === 'string') {
        if (BEGIN.test(text)) {
          inTransaction = true;
          this.transactions++;
        } else if (END.test(text)) {
          inTransaction = false;
        } else {
          this.statements++;
          if (!inTransaction) this.transactions++;
          this.captured?.push({ sql: text, parameters: [...(parameters ?? [])] });
        }
      }
      return client.query(text as never, parameters as never);
    }) as PostgresPoolClient['query'];
    return { query, release: () => client.release() };
  }
}
