import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { actorByEmail } from '../support/actors.ts';
import { passwordStep, secondFactorStep } from '../../src/platform/auth/credentials.ts';
import { tokenHash } from '../../src/platform/auth/sessions.ts';
import { currentTotp } from '../../src/platform/auth/totp.ts';
import { DEMO_PASSWORD, demoAccount } from '../../tools/synthetic/demo-accounts.ts';

// Someone running SQL as the application's role who has learnt a user's
// password (but not their authenticator) tries to finish signing in without
// the code, or to open a single sign-on session for a subject they choose.

let t: TestApp;
const email = 'idva@northshire.example';

const signedInSessions = async (hash: string) =>
  Number(
    (
      await sql<{
        n: string;
      }>`SELECT count(*)::text AS n FROM user_session WHERE token_hash = ${hash} AND stage = 'signed-in'`.execute(
        t.dbs.owner,
      )
    ).rows[0]!.n,
  );

/** A call the app role makes itself; a function it may not call (or that no longer exists) counts as refused. */
const attempt = async (statement: ReturnType<typeof sql>) => {
  try {
    return (await statement.execute(t.dbs.app)).rows;
  } catch {
    return [];
  }
};

beforeAll(async () => {
  t = await startTestApp();
}, 240_000);
afterAll(async () => t?.close());

describe('the second factor against the app role', () => {
  it('a password alone, through the app role, never becomes a signed-in session', async () => {
    const pending = await passwordStep(t.dbs.app, email, DEMO_PASSWORD, '5 minutes');
    expect(pending.outcome).toBe('ok');
    const hash = tokenHash(pending.token!);
    // Neither the sealed secret nor a claimed time-step is taken from the app role on its own word.
    expect(await attempt(sql`SELECT * FROM auth_second_factor_secret(${hash})`)).toEqual([]);
    expect(await attempt(sql`SELECT * FROM auth_second_factor_secret(${hash}, ${'0'.repeat(64)})`)).toEqual([]);
    for (const [next, statement] of [
      [
        'forged-1',
        sql`SELECT * FROM auth_second_factor_step(${hash}, ${tokenHash('forged-1')}, 99999999999, 5, interval '15 minutes')`,
      ],
      [
        'forged-2',
        sql`SELECT * FROM auth_second_factor_step(${hash}, ${tokenHash('forged-2')}, 99999999999, 5, interval '15 minutes', ${'0'.repeat(64)})`,
      ],
    ] as const) {
      const rows = (await attempt(statement)) as { outcome: string }[];
      expect(rows.map((r) => r.outcome)).not.toContain('ok');
      expect(await signedInSessions(tokenHash(next))).toBe(0);
    }
    // The service itself, with the code, still signs the user in on the same pending session.
    const code = currentTotp(demoAccount(email).totpSecret);
    const done = await secondFactorStep(t.dbs.app, t.config.accounts.authenticatorKey, pending.token!, code);
    expect(done.outcome).toBe('ok');
    expect(await signedInSessions(tokenHash(done.token!))).toBe(1);
  });

  it('the app role cannot open a single sign-on session for a subject it names', async () => {
    const user = await actorByEmail(t.dbs.owner, email);
    await sql`UPDATE app_user SET oidc_subject = 'scope-test-subject' WHERE id = ${user.userId}::uuid`.execute(
      t.dbs.owner,
    );
    const hash = tokenHash('forged-oidc');
    await attempt(
      sql`SELECT auth_oidc_session(${user.partnershipId}::uuid, 'scope-test-subject', ${hash}, interval '5 minutes')`,
    );
    await attempt(
      sql`SELECT auth_oidc_session(${user.partnershipId}::uuid, 'scope-test-subject', ${hash}, interval '5 minutes', ${'0'.repeat(64)})`,
    );
    expect(await signedInSessions(hash)).toBe(0);
  });
});
