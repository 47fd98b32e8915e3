import { sql, type Kysely } from 'kysely';

/** Whether the database answers a trivial query through this connection. */
export async function databaseResponds<DB>(db: Kysely<DB>): Promise<boolean> {
  try {
    await sql`SELECT 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
