import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { PageClient } from '../support/http-client.ts';
import { DEMO_PASSWORD, demoAccount } from '../../tools/synthetic/demo-accounts.ts';
import { currentTotp } from '../../src/platform/auth/totp.ts';
import { openSecret, sealPlainSecrets } from '../../src/platform/auth/authenticator-secrets.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

describe('sign-in', () => {
  it('sends an unauthenticated visitor to the sign-in page', async () => {
    const client = new PageClient(t.app);
    for (const url of ['/', '/account', '/admin/agencies', '/admin/users']) {
      const response = await client.get(url);
      expect(response.statusCode, url).toBe(303);
      expect(response.headers.location, url).toBe('/sign-in');
    }
  });

  it('signs a demo user in with password and TOTP and shows their agency home page', async () => {
    const client = new PageClient(t.app);
    await client.signIn('health.visitor@northshire.example');
    const home = await client.get('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Northshire Community Health Trust');
    expect(home.body).toContain('<title>Home – Whole Picture</title>');
  });

  it('refuses a wrong password with the error summary and keeps the email', async () => {
    const client = new PageClient(t.app);
    await client.get('/sign-in');
    const response = await client.post('/sign-in', { email: 'idva@northshire.example', password: 'not-the-password' });
    expect(response.statusCode).toBe(401);
    expect(response.body).toContain('govuk-error-summary');
    expect(response.body).toContain('value="idva@northshire.example"');
    expect(response.body).toContain('<title>Error: Sign in – Whole Picture</title>');
  });

  it('explains each missing answer beside its field', async () => {
    const client = new PageClient(t.app);
    await client.get('/sign-in');
    const response = await client.post('/sign-in', { email: 'not-an-email', password: '' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('href="#email"');
    expect(response.body).toContain('Enter an email address in the correct format');
    expect(response.body).toContain('Enter your password');
    expect(response.body).toContain('value="not-an-email"');
  });

  it('does not accept a password without the second factor', async () => {
    const client = new PageClient(t.app);
    await client.get('/sign-in');
    await client.post('/sign-in', { email: 'police@northshire.example', password: DEMO_PASSWORD });
    expect((await client.get('/')).headers.location).toBe('/sign-in');
    await client.get('/sign-in/code');
    const wrong = await client.post('/sign-in/code', {
      code: '000000' === currentTotp(demoAccount('police@northshire.example').totpSecret) ? '111111' : '000000',
    });
    expect(wrong.statusCode).toBe(401);
    expect((await client.get('/')).headers.location).toBe('/sign-in');
  });

  it('locks an account after 5 failed attempts, even against the right password', async () => {
    const client = new PageClient(t.app);
    await client.get('/sign-in');
    for (let i = 0; i < 5; i++)
      await client.post('/sign-in', { email: 'housing@northshire.example', password: `wrong-${i}` });
    const right = await client.post('/sign-in', { email: 'housing@northshire.example', password: DEMO_PASSWORD });
    expect(right.statusCode).toBe(401);
    const row = await t.dbs.owner
      .selectFrom('app_user')
      .select(['locked_until', 'failed_sign_ins'])
      .where('email', '=', 'housing@northshire.example')
      .executeTakeFirstOrThrow();
    expect(row.failed_sign_ins).toBe(5);
    expect(row.locked_until!.getTime()).toBeGreaterThan(Date.now() + 10 * 60_000);
  });

  it('refuses a form posted without its CSRF token', async () => {
    const anonymous = new PageClient(t.app);
    await anonymous.get('/sign-in');
    const forged = await anonymous.post(
      '/sign-in',
      { email: 'admin@northshire.example', password: DEMO_PASSWORD },
      { csrf: false },
    );
    expect(forged.statusCode).toBe(403);

    const client = new PageClient(t.app);
    await client.signIn('social.worker@northshire.example');
    const refused = await client.post('/account/sign-out-everywhere', {}, { csrf: false });
    expect(refused.statusCode).toBe(403);
    const stolenToken = await client.post('/account/sign-out-everywhere', { _csrf: 'x'.repeat(43) }, { csrf: false });
    expect(stolenToken.statusCode).toBe(403);
    expect((await client.get('/')).statusCode).toBe(200);
  });

  it('signs out everywhere: every other session of the user ends', async () => {
    const laptop = new PageClient(t.app);
    const phone = new PageClient(t.app);
    await laptop.signIn('coordinator@northshire.example');
    await phone.signIn('coordinator@northshire.example');
    await laptop.get('/account');
    const out = await laptop.post('/account/sign-out-everywhere', {});
    expect(out.headers.location).toBe('/signed-out');
    expect((await phone.get('/')).headers.location).toBe('/sign-in');
    expect((await laptop.get('/')).headers.location).toBe('/sign-in');
  });

  it('ends an idle session', async () => {
    const client = new PageClient(t.app);
    await client.signIn('chair@northshire.example');
    expect((await client.get('/')).statusCode).toBe(200);
    await sql`UPDATE user_session SET expires_at = now() - interval '1 second'`.execute(t.dbs.owner);
    expect((await client.get('/')).headers.location).toBe('/sign-in');
  });

  it('refuses a deactivated user at once', async () => {
    const client = new PageClient(t.app);
    await client.signIn('analyst@northshire.example');
    await t.dbs.owner
      .updateTable('app_user')
      .set({ active: false })
      .where('email', '=', 'analyst@northshire.example')
      .execute();
    expect((await client.get('/')).headers.location).toBe('/sign-in');
  });

  it('seals every authenticator secret left in the clear, thousands at a time, to the same secret', async () => {
    const key = t.app.config.accounts.authenticatorKey;
    const { rows: accounts } = await sql<{ id: string }>`SELECT id FROM app_user ORDER BY id LIMIT 3`.execute(
      t.dbs.owner,
    );
    // Three accounts' secrets written in the clear again, sealed two to a statement: a full batch and a part one.
    const plain = new Map(accounts.map((a, i) => [a.id, `PLAINSECRET${i}`]));
    await sql`UPDATE app_user u SET totp_secret = v.secret
      FROM unnest(${[...plain.keys()]}::uuid[], ${[...plain.values()]}::text[]) AS v(id, secret) WHERE u.id = v.id`.execute(
      t.dbs.owner,
    );
    expect(await sealPlainSecrets(t.dbs.owner, key, 2)).toBe(3);
    const { rows } = await sql<{ id: string; totp_secret: string }>`
      SELECT id, totp_secret FROM app_user WHERE id = ANY(${[...plain.keys()]}::uuid[])`.execute(t.dbs.owner);
    for (const row of rows) {
      expect(row.totp_secret).not.toContain('PLAINSECRET');
      expect(openSecret(key, row.totp_secret)).toBe(plain.get(row.id));
    }
    expect(await sealPlainSecrets(t.dbs.owner, key)).toBe(0);
  });
});
