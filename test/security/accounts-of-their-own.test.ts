import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { startSmtpCapture } from '../support/smtp.ts';
import { PageClient } from '../support/http-client.ts';
import { actorByEmail } from '../support/actors.ts';
import { currentTotp } from '../../src/platform/auth/totp.ts';
import { tokenHash } from '../../src/platform/auth/sessions.ts';
import { asActor } from '../../src/db/tenancy.ts';
import { createUser } from '../../src/modules/admin/service.ts';
import { createMailer } from '../../src/platform/mail.ts';
import { DEMO_PASSWORD, demoAccount } from '../../tools/synthetic/demo-accounts.ts';

// An administrator must not be able to become anyone: accounts are set up and
// changed only by their holder; a code works once; the app's own database role
// sees no password hash or authenticator secret and cannot open a session.
let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
beforeAll(async () => {
  smtp = await startSmtpCapture();
  t = await startTestApp({ env: { SMTP_URL: smtp.url } });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const decoded = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
const mailsTo = (email: string) => smtp.messages.filter((m) => m.to.includes(email)).map((m) => decoded(m.raw));
const linkIn = (mail: string) => /\/account\/set-up\?token=([A-Za-z0-9_-]{43})/.exec(mail)?.[1];
const user = (email: string) =>
  t.dbs.owner
    .selectFrom('app_user')
    .select(['id', 'password_hash', 'totp_secret', 'failed_sign_ins', 'locked_until'])
    .where('email', '=', email)
    .executeTakeFirst();
const sessionsOf = async (id: string) =>
  Number(
    (
      await sql<{ n: string }>`SELECT count(*)::text AS n FROM user_session WHERE user_id = ${id}::uuid`.execute(
        t.dbs.owner,
      )
    ).rows[0]!.n,
  );

async function signInWith(client: PageClient, email: string, password: string, code: () => string) {
  await client.get('/sign-in');
  const first = await client.post('/sign-in', { email, password });
  if (first.headers.location !== '/sign-in/code') return first;
  await client.get('/sign-in/code');
  return client.post('/sign-in/code', { code: code() });
}

async function adminClient(email = 'admin@northshire.example') {
  const admin = new PageClient(t.app);
  await admin.signIn(email);
  return admin;
}

async function invite(admin: PageClient, email: string) {
  const form = await admin.get('/admin/users/new');
  const agencyId = /<option value="([0-9a-f-]{36})">/.exec(form.body)![1]!;
  return admin.post('/admin/users', { displayName: 'New Worker', email, agencyId, role: 'practitioner' });
}

/** Follows the link as the invited user: chooses a password and enrols an authenticator. Returns the secret. */
async function setUp(token: string, password: string) {
  const client = new PageClient(t.app);
  const page = await client.get(`/account/set-up?token=${token}`);
  expect(page.statusCode).toBe(200);
  const secret = /data-testid="totp-secret">([A-Z2-7]+)</.exec(page.body)![1]!;
  const enrolment = /name="enrolment" value="([^"]+)"/.exec(page.body)![1]!;
  const done = await client.post(`/account/set-up?token=${token}`, {
    password,
    confirmPassword: password,
    code: currentTotp(secret),
    enrolment,
  });
  return { secret, done };
}

describe('accounts the administrator cannot use', () => {
  it('an invitation sends a single-use link to the user only; the administrator sees no link, password or key', async () => {
    const admin = await adminClient();
    const email = 'invited.worker@northshire.example';
    const response = await invite(admin, email);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Invitation sent');
    const mail = mailsTo(email);
    expect(mail).toHaveLength(1);
    const token = linkIn(mail[0]!)!;
    expect(token).toBeDefined();
    // Before: the administrator was shown the password and authenticator key.
    expect(response.body).not.toContain(token);
    expect(response.body).not.toContain('/account/set-up');
    expect(response.body).not.toMatch(/totp-secret|temporary-password/);
    expect(smtp.messages.filter((m) => m.raw.includes(token.slice(0, 20))).every((m) => m.to.includes(email))).toBe(
      true,
    );
    const before = await user(email);
    expect(before).toMatchObject({ password_hash: null, totp_secret: null });

    const password = 'a long passphrase of my own';
    const mismatch = new PageClient(t.app);
    await mismatch.get(`/account/set-up?token=${token}`);
    const bad = await mismatch.post(`/account/set-up?token=${token}`, {
      password,
      confirmPassword: 'something else entirely',
      code: '000000',
      enrolment: 'x',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('The passwords do not match');

    const { secret, done } = await setUp(token, password);
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Your account is set up');
    // Sealed at rest: the stored value is not the secret.
    const stored = (await user(email))!;
    expect(stored.totp_secret).toMatch(/^v1\./);
    expect(stored.totp_secret).not.toContain(secret);
    // Single use.
    expect((await new PageClient(t.app).get(`/account/set-up?token=${token}`)).statusCode).toBe(404);
    // The user signs in with what only they know (the enrolment used the current step; the next one is fresh).
    const client = new PageClient(t.app);
    const signedIn = await signInWith(client, email, password, () => currentTotp(secret, 1));
    expect(signedIn.headers.location).toBe('/');

    // A reset: old credentials stop working, every session ends, a new link goes to the user.
    const edit = await admin.get(`/admin/users/${stored.id}/edit`);
    expect(edit.body).toContain('Reset and send a new invitation');
    const reset = await admin.post(`/admin/users/${stored.id}/reset`, {});
    expect(reset.statusCode).toBe(200);
    expect(await sessionsOf(stored.id)).toBe(0);
    expect((await client.get('/account')).statusCode).not.toBe(200);
    expect(await user(email)).toMatchObject({ password_hash: null, totp_secret: null });
    const again = await signInWith(new PageClient(t.app), email, password, () => currentTotp(secret, 1));
    expect(again.statusCode).toBe(401);
    const second = mailsTo(email);
    expect(second).toHaveLength(2);
    const fresh = linkIn(second[1]!)!;
    expect(fresh).not.toBe(token);
    expect(reset.body).not.toContain(fresh);
  });

  it('a link stops working when it expires', async () => {
    const admin = await adminClient();
    const email = 'late.worker@northshire.example';
    await invite(admin, email);
    const token = linkIn(mailsTo(email)[0]!)!;
    await sql`UPDATE user_invite SET expires_at = now() - interval '1 second' WHERE token_hash = ${tokenHash(token)}`.execute(
      t.dbs.owner,
    );
    const page = await new PageClient(t.app).get(`/account/set-up?token=${token}`);
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('This link has expired or has already been used');
  });

  it('in production, a service without mail cannot invite', async () => {
    const admin = await actorByEmail(t.dbs.owner, 'admin@northshire.example');
    const agency = await t.dbs.owner
      .selectFrom('agency')
      .select('id')
      .where('partnership_id', '=', admin.partnershipId)
      .executeTakeFirstOrThrow();
    const config = { ...t.config, env: 'production' as const, smtpUrl: null };
    const outcome = await createUser(
      t.dbs.app,
      admin,
      { displayName: 'No Mail', email: 'no.mail@northshire.example', agencyId: agency.id, role: 'practitioner' },
      { config, mailer: createMailer(config), log: t.app.log },
    );
    expect(outcome.ok).toBe(false);
    expect(await user('no.mail@northshire.example')).toBeUndefined();
  });

  it('users change their own password and authenticator, with their current password; other sessions end', async () => {
    const admin = await adminClient();
    const email = 'self.service@northshire.example';
    await invite(admin, email);
    const first = 'my first long passphrase';
    const { secret } = await setUp(linkIn(mailsTo(email)[0]!)!, first);
    const id = (await user(email))!.id;
    const here = new PageClient(t.app);
    expect((await signInWith(here, email, first, () => currentTotp(secret, 1))).headers.location).toBe('/');
    const elsewhere = new PageClient(t.app);
    await elsewhere.actAs(id);

    await here.get('/account/password');
    const wrong = await here.post('/account/password', {
      currentPassword: 'not my password at all',
      password: 'my second long passphrase',
      confirmPassword: 'my second long passphrase',
    });
    expect(wrong.statusCode).toBe(401);
    expect((await user(email))!.failed_sign_ins).toBe(1);
    const changed = await here.post('/account/password', {
      currentPassword: first,
      password: 'my second long passphrase',
      confirmPassword: 'my second long passphrase',
    });
    expect(changed.headers.location).toBe('/account?changed=password');
    expect((await here.get('/account')).statusCode).toBe(200);
    expect((await elsewhere.get('/account')).statusCode).not.toBe(200);

    const page = await here.get('/account/authenticator');
    const newSecret = /data-testid="totp-secret">([A-Z2-7]+)</.exec(page.body)![1]!;
    const enrolment = /name="enrolment" value="([^"]+)"/.exec(page.body)![1]!;
    const enrolled = await here.post('/account/authenticator', {
      currentPassword: 'my second long passphrase',
      code: currentTotp(newSecret),
      enrolment,
    });
    expect(enrolled.headers.location).toBe('/account?changed=authenticator');
    await sql`UPDATE app_user SET totp_last_step = NULL WHERE id = ${id}::uuid`.execute(t.dbs.owner);
    const oldApp = await signInWith(new PageClient(t.app), email, 'my second long passphrase', () =>
      currentTotp(secret),
    );
    expect(oldApp.statusCode).toBe(401);
    await sql`UPDATE app_user SET totp_last_step = NULL WHERE id = ${id}::uuid`.execute(t.dbs.owner);
    const newApp = await signInWith(new PageClient(t.app), email, 'my second long passphrase', () =>
      currentTotp(newSecret),
    );
    expect(newApp.headers.location).toBe('/');
  });
});

describe('a code works once', () => {
  it('the same code in two sessions: the second is refused', async () => {
    const email = 'health.visitor@northshire.example';
    await sql`UPDATE app_user SET totp_last_step = NULL, failed_sign_ins = 0, locked_until = NULL WHERE email = ${email}`.execute(
      t.dbs.owner,
    );
    const code = currentTotp(demoAccount(email).totpSecret);
    const a = new PageClient(t.app);
    const b = new PageClient(t.app);
    for (const c of [a, b]) {
      await c.get('/sign-in');
      expect((await c.post('/sign-in', { email, password: DEMO_PASSWORD })).headers.location).toBe('/sign-in/code');
      await c.get('/sign-in/code');
    }
    expect((await a.post('/sign-in/code', { code })).headers.location).toBe('/');
    const replay = await b.post('/sign-in/code', { code });
    expect(replay.statusCode).toBe(401);
    expect(replay.body).toContain('That code has already been used');
    expect((await b.get('/account')).statusCode).not.toBe(200);
  });
});

describe("the app's database role", () => {
  const app = () => t.dbs.app;

  it('cannot read a password hash or an authenticator secret, which are sealed at rest', async () => {
    await expect(sql`SELECT * FROM auth_sign_in_candidate('police@northshire.example')`.execute(app())).rejects.toThrow(
      /does not exist/,
    );
    await expect(sql`SELECT * FROM auth_second_factor_candidate(gen_random_uuid())`.execute(app())).rejects.toThrow(
      /does not exist/,
    );
    const settings = await sql<{ s: string }>`SELECT auth_password_settings('police@northshire.example') AS s`.execute(
      app(),
    );
    const stored = (await user('police@northshire.example'))!;
    expect(settings.rows[0]!.s).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+$/);
    expect(stored.password_hash!.startsWith(`${settings.rows[0]!.s}$`)).toBe(true);
    expect(stored.password_hash).not.toBe(settings.rows[0]!.s);
    expect(stored.totp_secret).toMatch(/^v1\./);
    expect(stored.totp_secret).not.toContain(demoAccount('police@northshire.example').totpSecret);
  });

  it('cannot open a session, write a credential or reset a failure count', async () => {
    const police = await actorByEmail(t.dbs.owner, 'police@northshire.example');
    const admin = await actorByEmail(t.dbs.owner, 'admin@northshire.example');
    await expect(
      sql`SELECT session_start('x', ${police.userId}::uuid, 'signed-in', interval '30 minutes')`.execute(app()),
    ).rejects.toThrow(/does not exist/);
    await expect(
      sql`INSERT INTO user_session (token_hash, user_id, stage, expires_at) VALUES ('x', ${police.userId}::uuid, 'signed-in', now() + interval '1 hour')`.execute(
        app(),
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(
      asActor(app(), admin, (tx) =>
        sql`UPDATE app_user SET password_hash = 'mine' WHERE id = ${police.userId}::uuid`.execute(tx),
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(
      asActor(app(), admin, (tx) =>
        sql`UPDATE app_user SET totp_secret = 'mine' WHERE id = ${police.userId}::uuid`.execute(tx),
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(sql`SELECT auth_record_success(${police.userId}::uuid)`.execute(app())).rejects.toThrow(
      /permission denied/,
    );
    await expect(
      sql`SELECT * FROM auth_record_failure(${police.userId}::uuid, 5, interval '15 minutes')`.execute(app()),
    ).rejects.toThrow(/permission denied/);
  });

  it('cannot test password guesses without each wrong one counting against the account', async () => {
    const email = 'social.worker@northshire.example';
    await sql`UPDATE app_user SET failed_sign_ins = 0, locked_until = NULL WHERE email = ${email}`.execute(t.dbs.owner);
    for (let i = 0; i < 5; i++) {
      const { rows } = await sql<{ outcome: string; user_id: string | null }>`
        SELECT * FROM auth_password_step(${email}, ${`$argon2id$guess-${i}`}, ${`token-${i}`}, interval '5 minutes', 5, interval '15 minutes')`.execute(
        app(),
      );
      expect(rows[0]!.outcome).toBe('refused');
    }
    expect((await user(email))!.locked_until).not.toBeNull();
    const { rows } = await sql<{ outcome: string }>`
      SELECT * FROM auth_password_step(${email}, 'anything', 'token-x', interval '5 minutes', 5, interval '15 minutes')`.execute(
      app(),
    );
    expect(rows[0]!.outcome).toBe('locked');
    await sql`UPDATE app_user SET failed_sign_ins = 0, locked_until = NULL WHERE email = ${email}`.execute(t.dbs.owner);
  });

  it('gets even the sealed secret only for a session that has passed the password', async () => {
    const housing = await actorByEmail(t.dbs.owner, 'housing@northshire.example');
    const signedIn = new PageClient(t.app);
    await signedIn.actAs(housing.userId);
    const [{ token_hash }] = (
      await sql<{
        token_hash: string;
      }>`SELECT token_hash FROM user_session WHERE user_id = ${housing.userId}::uuid`.execute(t.dbs.owner)
    ).rows as [{ token_hash: string }];
    const { rows } = await sql`SELECT * FROM auth_second_factor_secret(${token_hash}, 'no proof')`.execute(app());
    expect(rows).toHaveLength(0);
    const promoted =
      await sql`SELECT * FROM auth_second_factor_step(${token_hash}, 'y', 99999999999, 5, interval '15 minutes', 'no proof')`.execute(
        app(),
      );
    expect((promoted.rows[0] as { outcome: string }).outcome).toBe('refused');
  });
});

describe('an administrator of one partnership', () => {
  it('cannot learn whether an e-mail is used in another', async () => {
    const southvaleAdmin = await adminClient('admin@southvale.example');
    const strip = (body: string) => body.replace(/name="_csrf" value="[^"]+"/g, '').replace(/nonce="[^"]+"/g, '');
    const taken = await invite(southvaleAdmin, 'police@northshire.example');
    const fresh = await invite(southvaleAdmin, 'brand.new@southvale.example');
    expect(taken.statusCode).toBe(fresh.statusCode);
    expect(strip(taken.body)).toBe(strip(fresh.body));
    // Nothing was added or changed, and the address's holder is told.
    const police = (await user('police@northshire.example'))!;
    expect(police.password_hash).not.toBeNull();
    expect(mailsTo('police@northshire.example').some((m) => m.includes('another partnership'))).toBe(true);
    // In their own partnership the administrator sees their users anyway, so a duplicate is named.
    const own = await invite(southvaleAdmin, 'police@southvale.example');
    expect(own.statusCode).toBe(400);
    expect(own.body).toContain('A user with this email address already exists');
  });
});
