import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import { anySignedIn, publicAccess } from '../access.ts';
import { formFields, validateForm } from '../forms.ts';
import { cookieOptions } from '../plugins/cookies.ts';
import { SESSION_COOKIE } from './sessions.ts';
import { verifyPassword } from './passwords.ts';
import { verifyTotp } from './totp.ts';
import { AddressThrottle } from './throttle.ts';
import { createMailer } from '../mail.ts';

export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT = '15 minutes';

const credentialsForm = z.object({
  email: z
    .string()
    .min(1, 'Enter your email address')
    .max(254, 'Email address must be 254 characters or fewer')
    .email('Enter an email address in the correct format, like name@example.org'),
  password: z.string().min(1, 'Enter your password').max(256, 'Password must be 256 characters or fewer'),
});
const codeForm = z.object({
  code: z.string().regex(/^\s*\d{3}\s?\d{3}\s*$/, 'Enter the 6-digit code from your authenticator app'),
});

const GENERIC_FAILURE =
  'Enter a correct email address and password. After 5 failed attempts an account is locked for 15 minutes.';
const signInLimit = { max: 20, timeWindow: '1 minute' };

interface Candidate {
  user_id: string;
  partnership_id: string;
  password_hash: string | null;
  totp_secret: string | null;
  active: boolean;
  locked_until: Date | null;
}

export async function authRoutes(app: FastifyInstance): Promise<void> {
  const db = app.dbs.app;

  const mailer = createMailer(app.config, app.log);
  app.addHook('onClose', async () => mailer.close());
  const addresses = new AddressThrottle();

  // Counts a failure against the account; when it locks the account, the user is told by e-mail (no names, no address).
  const recordFailure = async (userId: string) => {
    const { rows } = await sql<{ newly_locked: boolean; email: string }>`
      SELECT * FROM auth_record_failure(${userId}::uuid, ${MAX_FAILED_SIGN_INS}, ${LOCKOUT}::interval)`.execute(db);
    if (rows[0]?.newly_locked) {
      await mailer
        .send({
          to: [rows[0].email],
          subject: 'Your Whole Picture account has been locked for 15 minutes',
          text:
            `There were ${MAX_FAILED_SIGN_INS} failed attempts to sign in to your account, so it is locked for 15 minutes. ` +
            'If this was not you, tell your administrator. You can sign in again after 15 minutes.',
        })
        .catch(() => app.log.warn('lock notice not sent'));
    }
  };

  // An address that keeps failing waits longer each time; the account itself is not locked by it.
  const tooSoon = async (request: FastifyRequest, reply: FastifyReply, template: string, title: string) => {
    const wait = addresses.waitFor(request.ip);
    if (wait === 0) return null;
    await app.audit.record(request, { action: 'sign-in.throttled', outcome: 'denied' });
    const seconds = Math.ceil(wait / 1000);
    const field = template === 'auth/code.njk' ? 'code' : 'email';
    const text = `Too many failed attempts from your network. Wait ${seconds} second${seconds === 1 ? '' : 's'}, then try again.`;
    return reply
      .code(429)
      .header('retry-after', String(seconds))
      .page(template, { title, values: {}, errors: { [field]: { text } }, errorList: [{ text, href: `#${field}` }] });
  };

  app.get('/sign-in', { config: { access: publicAccess } }, async (request, reply) => {
    if (request.actor) return reply.redirect('/', 303);
    return reply.page('auth/sign-in.njk', { title: 'Sign in', values: {} });
  });

  app.post('/sign-in', { config: { access: publicAccess, rateLimit: signInLimit } }, async (request, reply) => {
    const fields = formFields(request.body);
    const values = { email: fields.email };
    const form = validateForm(credentialsForm, fields);
    if (!form.ok) return reply.code(400).page('auth/sign-in.njk', { title: 'Sign in', values, ...form });
    const throttled = await tooSoon(request, reply, 'auth/sign-in.njk', 'Sign in');
    if (throttled) return throttled;

    const { rows } = await sql<Candidate>`SELECT * FROM auth_sign_in_candidate(${form.value.email})`.execute(db);
    const candidate = rows[0];
    const locked = candidate?.locked_until && candidate.locked_until > new Date();
    const passwordOk = await verifyPassword(candidate?.password_hash ?? null, form.value.password);
    if (!candidate || !candidate.active || locked || !passwordOk || !candidate.totp_secret) {
      if (candidate && !locked) await recordFailure(candidate.user_id);
      addresses.failed(request.ip);
      await app.audit.record(request, {
        action: 'sign-in.password',
        subjectType: 'user',
        subjectId: candidate?.user_id ?? null,
        outcome: 'denied',
      });
      return refuse(reply, 'auth/sign-in.njk', 'Sign in', values, 'email', GENERIC_FAILURE);
    }
    const token = await app.sessions.start(candidate.user_id, 'second-factor');
    reply.setCookie(SESSION_COOKIE, token, cookieOptions(app.config));
    return reply.redirect('/sign-in/code', 303);
  });

  const pendingUser = async (request: FastifyRequest) => {
    if (!request.sessionToken) return null;
    const session = await app.sessions.resolve(request.sessionToken);
    return session?.stage === 'second-factor' ? session.actor : null;
  };

  app.get('/sign-in/code', { config: { access: publicAccess } }, async (request, reply) => {
    if (!(await pendingUser(request))) return reply.redirect('/sign-in', 303);
    return reply.page('auth/code.njk', { title: 'Enter your security code', values: {} });
  });

  app.post('/sign-in/code', { config: { access: publicAccess, rateLimit: signInLimit } }, async (request, reply) => {
    const pending = await pendingUser(request);
    if (!pending || !request.sessionToken) return reply.redirect('/sign-in', 303);
    const form = validateForm(codeForm, formFields(request.body));
    if (!form.ok)
      return reply.code(400).page('auth/code.njk', { title: 'Enter your security code', values: {}, ...form });
    const throttled = await tooSoon(request, reply, 'auth/code.njk', 'Enter your security code');
    if (throttled) return throttled;

    const { rows } = await sql<Pick<Candidate, 'totp_secret' | 'active' | 'locked_until'>>`
      SELECT * FROM auth_second_factor_candidate(${pending.userId}::uuid)`.execute(db);
    const candidate = rows[0];
    const locked = candidate?.locked_until && candidate.locked_until > new Date();
    if (!candidate?.totp_secret || locked || !verifyTotp(candidate.totp_secret, form.value.code)) {
      if (candidate && !locked) await recordFailure(pending.userId);
      addresses.failed(request.ip);
      await app.audit.record(request, {
        action: 'sign-in.second-factor',
        subjectType: 'user',
        subjectId: pending.userId,
        outcome: 'denied',
      });
      if (locked) {
        await app.sessions.end(request.sessionToken);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
      }
      return refuse(
        reply,
        'auth/code.njk',
        'Enter your security code',
        {},
        'code',
        'The code is not correct or has expired. Enter the current code from your authenticator app',
      );
    }
    await sql`SELECT auth_record_success(${pending.userId}::uuid)`.execute(db);
    addresses.succeeded(request.ip);
    const token = await app.sessions.promote(request.sessionToken);
    reply.setCookie(SESSION_COOKIE, token, cookieOptions(app.config));
    await app.audit.record(
      { id: request.id, actor: pending },
      { action: 'sign-in', subjectType: 'user', subjectId: pending.userId },
    );
    return reply.redirect('/', 303);
  });

  app.post('/sign-out', { config: { access: publicAccess } }, async (request, reply) => {
    if (request.sessionToken) {
      if (request.actor)
        await app.audit.record(request, { action: 'sign-out', subjectType: 'user', subjectId: request.actor.userId });
      await app.sessions.end(request.sessionToken);
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/signed-out', 303);
  });

  app.get('/signed-out', { config: { access: publicAccess } }, async (_request, reply) =>
    reply.page('auth/signed-out.njk', { title: 'You have signed out' }),
  );

  app.get('/account', { config: { access: anySignedIn } }, async (_request, reply) =>
    reply.page('auth/account.njk', { title: 'Your account', section: 'account' }),
  );

  app.post('/account/sign-out-everywhere', { config: { access: anySignedIn } }, async (request, reply) => {
    const actor = request.actor!;
    await app.audit.record(request, { action: 'sign-out.everywhere', subjectType: 'user', subjectId: actor.userId });
    await app.sessions.endAll(actor.userId);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/signed-out', 303);
  });
}

function refuse(
  reply: FastifyReply,
  template: string,
  title: string,
  values: Record<string, unknown>,
  field: string,
  text: string,
) {
  return reply
    .code(401)
    .page(template, { title, values, errors: { [field]: { text } }, errorList: [{ text, href: `#${field}` }] });
}
