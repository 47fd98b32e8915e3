import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, Role } from './schema.ts';

/** Who is acting: everything the database needs to apply row-level security. */
export interface Actor {
  userId: string;
  partnershipId: string;
  agencyId: string;
  role: Role;
  displayName: string;
}

export type Tx = Transaction<Database>;

/**
 * Runs `work` in one transaction with the actor set as transaction-local
 * settings, which the row-level-security policies read. Settings vanish at
 * commit, so a pooled connection never carries one user's identity to the next.
 */
export async function asActor<T>(db: Kysely<Database>, actor: Actor, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await sql`SELECT set_config('app.user_id', ${actor.userId}, true), set_config('app.partnership_id', ${actor.partnershipId}, true),
      set_config('app.agency_id', ${actor.agencyId}, true), set_config('app.role', ${actor.role}, true)`.execute(tx);
    return work(tx);
  });
}

/** For the few pre-sign-in steps: a transaction with no identity at all (RLS then shows nothing). */
export async function asAnonymous<T>(db: Kysely<Database>, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(work);
}
