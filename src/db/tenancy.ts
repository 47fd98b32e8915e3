import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type ControlledTransaction, type Kysely, type Transaction } from 'kysely';
import type { Database, Role } from './schema.ts';
import { signedScope } from './request-scope.ts';

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
 * The one place the actor reaches the database: one transaction-local setting,
 * app.scope, which the row-level-security policies read (through
 * current_partnership_id() and the others). The scope carries a MAC with a key
 * only the owner connection can read (request-scope.ts), so the app role cannot
 * write a scope of its own: a hand-set app.agency_id, or an altered or expired
 * app.scope, shows it nothing. One statement, and the setting vanishes at
 * commit, so a pooled connection never carries one user's identity to the next.
 */
export async function applyTenancy(tx: Tx, scope: string): Promise<void> {
  await sql`SELECT set_config('app.scope', ${scope}, true)`.execute(tx);
}

/** The actor's scope for transactions on `db` (signed before the transaction opens: no extra statement in it). */
export const scopeOf = (db: Kysely<Database>, actor: Actor): Promise<string> => signedScope(db, actor);

/**
 * One transaction for a whole request (a page read): opened on the first
 * query with the actor's settings, shared by every `asActor` call the request
 * makes (its reads and its audit event), and committed once, before the page
 * is rendered. A request that never queries never opens it.
 */
export class RequestTransaction {
  private opened: Promise<ControlledTransaction<Database>> | null;
  finished = false;

  /** `opened`: a transaction already holding the actor's scope (one the session read opened, sessions.ts). */
  constructor(
    readonly db: Kysely<Database>,
    readonly actor: Actor,
    opened?: ControlledTransaction<Database>,
  ) {
    this.opened = opened ? Promise.resolve(opened) : null;
  }

  transaction(): Promise<Tx> {
    this.opened ??= (async () => {
      const scope = await scopeOf(this.db, this.actor);
      const tx = await this.db.startTransaction().execute();
      try {
        await applyTenancy(tx, scope);
      } catch (error) {
        await tx.rollback().execute();
        throw error;
      }
      return tx;
    })();
    return this.opened;
  }

  async commit(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    if (this.opened) await (await this.opened).commit().execute();
  }

  async rollback(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    if (this.opened) await (await this.opened.catch(() => null))?.rollback().execute();
  }
}

const requestScope = new AsyncLocalStorage<RequestTransaction>();

/** Runs `work` (and everything it starts) with `transaction` as the request's transaction. */
export function withinRequestTransaction<T>(transaction: RequestTransaction, work: () => T): T {
  return requestScope.run(transaction, work);
}

const sameActor = (a: Actor, b: Actor) =>
  a.userId === b.userId && a.agencyId === b.agencyId && a.partnershipId === b.partnershipId && a.role === b.role;

/**
 * Runs `work` in a transaction with the actor set (applyTenancy). Inside a
 * request that has its own transaction (same database handle, same actor), that
 * transaction is used, so a page's reads and its audit event commit together.
 */
export async function asActor<T>(db: Kysely<Database>, actor: Actor, work: (tx: Tx) => Promise<T>): Promise<T> {
  const request = requestScope.getStore();
  if (request && !request.finished && request.db === db && sameActor(request.actor, actor))
    return work(await request.transaction());
  const scope = await scopeOf(db, actor);
  return db.transaction().execute(async (tx) => {
    await applyTenancy(tx, scope);
    return work(tx);
  });
}

/** For the few pre-sign-in steps: a transaction with no identity at all (RLS then shows nothing). */
export async function asAnonymous<T>(db: Kysely<Database>, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(work);
}
