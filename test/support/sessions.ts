import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import { newToken, tokenHash } from '../../src/platform/auth/sessions.ts';

/**
 * A signed-in session for an existing user, written as the database owner: the
 * app itself can open one only through the sign-in steps. For tests and
 * benchmarks that would otherwise trip the sign-in rate limit.
 */
export async function openSessionAsOwner(
  owner: Kysely<Database>,
  userId: string,
  idleMinutes: number,
): Promise<string> {
  const token = newToken();
  await sql`INSERT INTO user_session (token_hash, user_id, stage, expires_at)
    VALUES (${tokenHash(token)}, ${userId}::uuid, 'signed-in', now() + ${`${idleMinutes} minutes`}::interval)`.execute(
    owner,
  );
  return token;
}
