import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { actorByEmail } from '../support/actors.ts';
import { openSessionAsOwner } from '../support/sessions.ts';
import { tokenHash } from '../../src/platform/auth/sessions.ts';
import { signedScope } from '../../src/db/request-scope.ts';
import type { Actor } from '../../src/db/tenancy.ts';

// A page read's first statement reads the session and has the database set the request scope
// (session_open_scope). The scope it sets must be exactly the one the service would sign for the
// session's user, and nothing at all for a session that is idle, ended or half signed in.

let t: TestApp;
let social: Actor;

beforeAll(async () => {
  t = await startTestApp();
  social = await actorByEmail(t.dbs.owner, 'social.worker@northshire.example');
}, 120_000);
afterAll(async () => t?.close());

/** In one app-role transaction: the session read, then what the policies see of the actor. */
const openScope = (token: string) =>
  t.dbs.app.transaction().execute(async (tx) => {
    const session = await sql<{ user_id: string; stage: string }>`
      SELECT * FROM session_open_scope(${tokenHash(token)}, '30 minutes'::interval)`.execute(tx);
    const seen = await sql<{
      user_id: string | null;
      agency_id: string | null;
      role: string | null;
      scope: string | null;
    }>`
      SELECT current_app_user_id() AS user_id, current_agency_id() AS agency_id, current_app_role() AS role,
        current_setting('app.scope', true) AS scope`.execute(tx);
    return { session: session.rows[0] ?? null, seen: seen.rows[0]! };
  });

describe('the session read that opens a page', () => {
  it("sets the scope the service signs for the session's user", async () => {
    const token = await openSessionAsOwner(t.dbs.owner, social.userId, 30);
    const { session, seen } = await openScope(token);
    expect(session?.user_id).toBe(social.userId);
    expect(seen).toMatchObject({ user_id: social.userId, agency_id: social.agencyId, role: social.role });
    // What signedScope would write, the expiry aside (the two may be made a second apart); the MAC is
    // checked by the policies, which saw the user above.
    const expected = await signedScope(t.dbs.app, social);
    const [expiry, ...named] = seen.scope!.split(';');
    expect(named.slice(0, 4)).toEqual(expected.split(';').slice(1, 5));
    expect(Math.abs(Number(expiry) - Number(expected.split(';')[0]))).toBeLessThanOrEqual(2);
  });

  it('sets no scope for an idle session, an ended one, or one still at its second factor', async () => {
    const idle = await openSessionAsOwner(t.dbs.owner, social.userId, 30);
    await sql`UPDATE user_session SET expires_at = now() - interval '1 second' WHERE token_hash = ${tokenHash(idle)}`.execute(
      t.dbs.owner,
    );
    const ended = await openSessionAsOwner(t.dbs.owner, social.userId, 30);
    await t.app.sessions.end(ended);
    const halfway = await openSessionAsOwner(t.dbs.owner, social.userId, 30);
    await sql`UPDATE user_session SET stage = 'second-factor' WHERE token_hash = ${tokenHash(halfway)}`.execute(
      t.dbs.owner,
    );
    for (const token of [idle, ended]) {
      const { session, seen } = await openScope(token);
      expect(session).toBeNull();
      expect(seen).toMatchObject({ user_id: null, agency_id: null, role: null });
      expect(seen.scope || null).toBeNull(); // unset, or the empty value a pooled connection keeps after a commit
    }
    const { session, seen } = await openScope(halfway);
    expect(session?.stage).toBe('second-factor');
    expect(seen).toMatchObject({ user_id: null, agency_id: null, role: null });
    expect(seen.scope || null).toBeNull();
  });

  it('a signed-in page read is one transaction that starts with it', async () => {
    const token = await openSessionAsOwner(t.dbs.owner, social.userId, 30);
    t.dbs.statements.reset(true);
    const response = await t.app.inject({ method: 'GET', url: '/', cookies: { wp_session: token } });
    expect(response.statusCode).toBe(200);
    expect(t.dbs.statements.transactions).toBe(1);
    expect(t.dbs.statements.captured![0]!.sql).toMatch(/session_open_scope/);
  });
});
