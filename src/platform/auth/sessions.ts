import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql, type ControlledTransaction, type Kysely } from 'kysely';
import type { Database, Role } from '../../db/schema.ts';
import type { Actor } from '../../db/tenancy.ts';

export const SESSION_COOKIE = 'wp_session';
export const ANON_COOKIE = 'wp_anon';

// Only a hash of the token is stored: a copy of the session table lets nobody sign in.
export const newToken = (): string => randomBytes(32).toString('base64url');
export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface ResolvedSession {
  stage: 'second-factor' | 'signed-in';
  actor: Actor;
}

interface SessionRow {
  user_id: string;
  partnership_id: string;
  agency_id: string;
  role: Role;
  display_name: string;
  stage: 'second-factor' | 'signed-in';
}

const sessionOf = (row: SessionRow | undefined): ResolvedSession | null =>
  row
    ? {
        stage: row.stage,
        actor: {
          userId: row.user_id,
          partnershipId: row.partnership_id,
          agencyId: row.agency_id,
          role: row.role,
          displayName: row.display_name,
        },
      }
    : null;

/**
 * Server-side sessions, in Postgres so any app instance can serve any request.
 * A session is opened only by the database's sign-in steps (credentials.ts).
 */
export class SessionStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly idleMinutes: number,
  ) {}

  get idle(): string {
    return `${this.idleMinutes} minutes`;
  }

  async resolve(token: string): Promise<ResolvedSession | null> {
    const { rows } = await sql<SessionRow>`
      SELECT * FROM session_resolve(${tokenHash(token)}, ${this.idle}::interval)`.execute(this.db);
    return sessionOf(rows[0]);
  }

  /**
   * The session read as the first statement of a transaction it opens and leaves open: for a
   * signed-in session the database also sets the request scope signed for its user
   * (session_open_scope), so a page's session read, reads and audit event are one transaction.
   */
  async resolveOpening(
    token: string,
  ): Promise<{ session: ResolvedSession | null; tx: ControlledTransaction<Database> }> {
    const tx = await this.db.startTransaction().execute();
    try {
      const { rows } = await sql<SessionRow>`
        SELECT * FROM session_open_scope(${tokenHash(token)}, ${this.idle}::interval)`.execute(tx);
      return { session: sessionOf(rows[0]), tx };
    } catch (error) {
      await tx.rollback().execute();
      throw error;
    }
  }

  async end(token: string): Promise<void> {
    await sql`SELECT session_end(${tokenHash(token)})`.execute(this.db);
  }

  async endAll(userId: string): Promise<number> {
    const { rows } = await sql<{ n: number }>`SELECT session_end_all(${userId}::uuid) AS n`.execute(this.db);
    return Number(rows[0]?.n ?? 0);
  }
}

/** CSRF token bound to the session (or, before sign-in, to an anonymous cookie). */
export function csrfTokenFor(secret: string, binding: string): string {
  return createHmac('sha256', secret).update(`csrf:${binding}`).digest('base64url');
}

export function csrfTokenMatches(secret: string, binding: string, presented: unknown): boolean {
  if (typeof presented !== 'string') return false;
  const expected = Buffer.from(csrfTokenFor(secret, binding));
  const given = Buffer.from(presented);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
