import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { PageClient } from '../support/http-client.ts';
import { AddressThrottle } from '../../src/platform/auth/throttle.ts';

// Lock-out abuse, sessions outliving a change of access, and a session read that writes every time.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

const userId = async (email: string) =>
  (await t.dbs.owner.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

describe('lock-out', () => {
  it('after a lock expires, one wrong password does not lock the account again', async () => {
    const client = new PageClient(t.app);
    await client.get('/sign-in');
    for (let i = 0; i < 5; i++)
      await client.post('/sign-in', { email: 'social.worker@northshire.example', password: `wrong-${i}` });
    const locked = await t.dbs.owner
      .selectFrom('app_user')
      .select(['locked_until'])
      .where('email', '=', 'social.worker@northshire.example')
      .executeTakeFirstOrThrow();
    expect(locked.locked_until).not.toBeNull();
    // The lock runs out.
    await sql`UPDATE app_user SET locked_until = now() - interval '1 second' WHERE email = 'social.worker@northshire.example'`.execute(
      t.dbs.owner,
    );
    await client.post('/sign-in', { email: 'social.worker@northshire.example', password: 'wrong-again' });
    const after = await t.dbs.owner
      .selectFrom('app_user')
      .select(['locked_until', 'failed_sign_ins'])
      .where('email', '=', 'social.worker@northshire.example')
      .executeTakeFirstOrThrow();
    expect(after.failed_sign_ins).toBe(1);
    expect(after.locked_until).toBeNull();
    await client.signIn('social.worker@northshire.example');
    expect((await client.get('/')).statusCode).toBe(200);
  });

  it('an address that keeps failing waits longer each time, without locking anyone', () => {
    const throttle = new AddressThrottle(3);
    const now = 1_000_000;
    for (let i = 0; i < 3; i++) throttle.failed('192.0.2.1', now);
    expect(throttle.waitFor('192.0.2.1', now)).toBe(0);
    throttle.failed('192.0.2.1', now);
    expect(throttle.waitFor('192.0.2.1', now)).toBe(1000);
    throttle.failed('192.0.2.1', now);
    expect(throttle.waitFor('192.0.2.1', now)).toBe(2000);
    for (let i = 0; i < 30; i++) throttle.failed('192.0.2.1', now);
    expect(throttle.waitFor('192.0.2.1', now)).toBe(15 * 60_000);
    expect(throttle.waitFor('192.0.2.2', now)).toBe(0);
    throttle.succeeded('192.0.2.1');
    expect(throttle.waitFor('192.0.2.1', now)).toBe(0);
  });

  it('the sign-in page refuses an address in its wait with a 429 and says how long', async () => {
    const client = new PageClient(t.app);
    await client.get('/sign-in');
    let last = 0;
    for (let i = 0; i < 12; i++)
      last = (await client.post('/sign-in', { email: `nobody-${i}@northshire.example`, password: 'wrong-password' }))
        .statusCode;
    expect(last).toBe(429);
    const page = await client.post('/sign-in', { email: 'nobody@northshire.example', password: 'wrong-password' });
    expect(page.statusCode).toBe(429);
    expect(page.body).toMatch(/Wait \d+ seconds?, then try again/);
  });
});

describe('sessions end when access changes', () => {
  it('deactivation and a change of role end every session of that user at once', async () => {
    for (const change of [
      sql`UPDATE app_user SET active = false WHERE email = 'idva@northshire.example'`,
      sql`UPDATE app_user SET role = 'agency-lead' WHERE email = 'idva@northshire.example'`,
    ]) {
      await sql`UPDATE app_user SET active = true WHERE email = 'idva@northshire.example'`.execute(t.dbs.owner);
      const client = new PageClient(t.app);
      await client.actAs(await userId('idva@northshire.example'));
      expect((await client.get('/account')).statusCode).toBe(200);
      await change.execute(t.dbs.owner);
      const count = await sql<{
        n: string;
      }>`SELECT count(*)::text AS n FROM user_session WHERE user_id = ${await userId('idva@northshire.example')}::uuid`.execute(
        t.dbs.owner,
      );
      expect(count.rows[0]!.n).toBe('0');
      expect((await client.get('/account')).statusCode).not.toBe(200);
    }
  });
});

describe('session resolution', () => {
  it('writes last seen at most once a minute, while idle timeout and sign-out everywhere still hold', async () => {
    const client = new PageClient(t.app);
    const id = await userId('housing@northshire.example');
    await sql`UPDATE app_user SET failed_sign_ins = 0, locked_until = NULL WHERE id = ${id}::uuid`.execute(t.dbs.owner);
    await client.actAs(id);
    const seen = async () =>
      (
        await sql<{
          s: string;
          e: string;
        }>`SELECT last_seen_at::text AS s, expires_at::text AS e FROM user_session WHERE user_id = ${id}::uuid`.execute(
          t.dbs.owner,
        )
      ).rows;
    const first = await seen();
    for (let i = 0; i < 3; i++) expect((await client.get('/account')).statusCode).toBe(200);
    expect(await seen()).toEqual(first);
    // A minute and more later, the next request slides the timeout.
    await sql`UPDATE user_session SET last_seen_at = now() - interval '2 minutes', expires_at = now() + interval '28 minutes' WHERE user_id = ${id}::uuid`.execute(
      t.dbs.owner,
    );
    await client.get('/account');
    const slid = (await seen())[0]!;
    expect(new Date(slid.e).getTime()).toBeGreaterThan(Date.now() + 29 * 60_000);
    // Idle past the timeout: refused, even within the minute.
    await sql`UPDATE user_session SET last_seen_at = now() - interval '31 minutes', expires_at = now() - interval '1 minute' WHERE user_id = ${id}::uuid`.execute(
      t.dbs.owner,
    );
    expect((await client.get('/account')).statusCode).not.toBe(200);
    // Sign out everywhere ends a session that was resolved a moment ago.
    const a = new PageClient(t.app);
    const b = new PageClient(t.app);
    await a.actAs(id);
    await b.actAs(id);
    expect((await a.post('/account/sign-out-everywhere', {})).statusCode).toBeLessThan(400);
    expect((await b.get('/account')).statusCode).not.toBe(200);
  });
});
