import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { anySignedIn, publicAccess } from '../access.ts';
import { formFields, validateForm } from '../forms.ts';
import { cookieOptions } from '../plugins/cookies.ts';
import { SESSION_COOKIE } from './sessions.ts';
import { AddressThrottle } from './throttle.ts';
import { createMailer, sendInTheirLanguages } from '../mail.ts';
import { languageOfAccount } from './accounts.ts';
import { MAX_FAILED_SIGN_INS, passwordStep, secondFactorStep } from './credentials.ts';
import { accountRoutes } from './account-routes.ts';
import { sealPlainSecrets } from './authenticator-secrets.ts';
import { label } from '../language/index.ts';

export { MAX_FAILED_SIGN_INS, LOCKOUT } from './credentials.ts';

const credentialsForm = z.object({
  email: z
    .string()
    .min(1, 'auth.sign-in.problem.email-missing')
    .max(254, 'auth.sign-in.problem.email-long')
    .email('auth.sign-in.problem.email-format'),
  password: z.string().min(1, 'auth.sign-in.problem.password-missing').max(256, 'auth.password.too-long'),
});
const codeForm = z.object({
  code: z.string().regex(/^\s*\d{3}\s?\d{3}\s*$/, 'auth.code.problem.format'),
});

const GENERIC_FAILURE = 'auth.sign-in.problem.wrong';
const signInLimit = { max: 20, timeWindow: '1 minute' };

export async function authRoutes(app: FastifyInstance): Promise<void> {
  const db = app.dbs.app;
  await sealPlainSecrets(app.dbs.owner, app.config.accounts.authenticatorKey);

  const mailer = createMailer(app.config, app.log);
  app.addHook('onClose', async () => mailer.close());
  const addresses = new AddressThrottle();

  // When a failure locks the account, the user is told by e-mail (no names, no address).
  const noticeOfLock = async (email: string | null) => {
    if (email) {
      // In the holder's own language, whoever was trying to sign in.
      const language = await languageOfAccount(app.dbs.owner, email);
      await sendInTheirLanguages(mailer, [{ email, language }], () => ({
        subject: label('mail.locked.subject'),
        text: label('mail.locked.text', { attempts: MAX_FAILED_SIGN_INS }),
      })).catch(() => app.log.warn('lock notice not sent'));
    }
  };

  // An address that keeps failing waits longer each time; the account itself is not locked by it.
  const tooSoon = async (request: FastifyRequest, reply: FastifyReply, template: string, title: string) => {
    const wait = addresses.waitFor(request.ip);
    if (wait === 0) return null;
    await app.audit.record(request, { action: 'sign-in.throttled', outcome: 'denied' });
    const seconds = Math.ceil(wait / 1000);
    const field = template === 'auth/code.njk' ? 'code' : 'email';
    const text = label('auth.throttled', { count: seconds });
    return reply
      .code(429)
      .header('retry-after', String(seconds))
      .page(template, { title, values: {}, errors: { [field]: { text } }, errorList: [{ text, href: `#${field}` }] });
  };

  app.get('/sign-in', { config: { access: publicAccess } }, async (request, reply) => {
    if (request.actor) return reply.redirect('/', 303);
    return reply.page('auth/sign-in.njk', { title: label('auth.sign-in.title'), values: {} });
  });

  app.post('/sign-in', { config: { access: publicAccess, rateLimit: signInLimit } }, async (request, reply) => {
    const fields = formFields(request.body);
    const values = { email: fields.email };
    const form = validateForm(credentialsForm, fields);
    if (!form.ok)
      return reply.code(400).page('auth/sign-in.njk', { title: label('auth.sign-in.title'), values, ...form });
    const throttled = await tooSoon(request, reply, 'auth/sign-in.njk', label('auth.sign-in.title'));
    if (throttled) return throttled;

    const step = await passwordStep(db, form.value.email, form.value.password, app.sessions.idle);
    if (!step.token) {
      await noticeOfLock(step.notify);
      addresses.failed(request.ip);
      await app.audit.record(request, {
        action: 'sign-in.password',
        subjectType: 'user',
        subjectId: step.userId,
        outcome: 'denied',
      });
      return refuse(reply, 'auth/sign-in.njk', label('auth.sign-in.title'), values, 'email', GENERIC_FAILURE);
    }
    reply.setCookie(SESSION_COOKIE, step.token, cookieOptions(app.config));
    return reply.redirect('/sign-in/code', 303);
  });

  const pendingUser = async (request: FastifyRequest) => {
    if (!request.sessionToken) return null;
    const session = await app.sessions.resolve(request.sessionToken);
    return session?.stage === 'second-factor' ? session.actor : null;
  };

  app.get('/sign-in/code', { config: { access: publicAccess } }, async (request, reply) => {
    if (!(await pendingUser(request))) return reply.redirect('/sign-in', 303);
    return reply.page('auth/code.njk', { title: label('auth.code.title'), values: {} });
  });

  app.post('/sign-in/code', { config: { access: publicAccess, rateLimit: signInLimit } }, async (request, reply) => {
    const pending = await pendingUser(request);
    if (!pending || !request.sessionToken) return reply.redirect('/sign-in', 303);
    const form = validateForm(codeForm, formFields(request.body));
    if (!form.ok)
      return reply.code(400).page('auth/code.njk', { title: label('auth.code.title'), values: {}, ...form });
    const throttled = await tooSoon(request, reply, 'auth/code.njk', label('auth.code.title'));
    if (throttled) return throttled;

    const step = await secondFactorStep(
      db,
      app.config.accounts.authenticatorKey,
      request.sessionToken,
      form.value.code,
    );
    if (!step.token) {
      await noticeOfLock(step.notify);
      addresses.failed(request.ip);
      await app.audit.record(request, {
        action: step.outcome === 'replayed' ? 'sign-in.second-factor.replayed' : 'sign-in.second-factor',
        subjectType: 'user',
        subjectId: pending.userId,
        outcome: 'denied',
      });
      if (step.outcome === 'locked') reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return refuse(
        reply,
        'auth/code.njk',
        label('auth.code.title'),
        {},
        'code',
        step.outcome === 'replayed' ? 'auth.code.problem.replayed' : 'auth.code.problem.wrong',
      );
    }
    addresses.succeeded(request.ip);
    reply.setCookie(SESSION_COOKIE, step.token, cookieOptions(app.config));
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
    reply.page('auth/signed-out.njk', { title: label('auth.signed-out.title') }),
  );

  app.get('/account', { config: { access: anySignedIn } }, async (_request, reply) =>
    reply.page('auth/account.njk', { title: label('account.title'), section: 'account' }),
  );

  app.post('/account/sign-out-everywhere', { config: { access: anySignedIn } }, async (request, reply) => {
    const actor = request.actor!;
    await app.audit.record(request, { action: 'sign-out.everywhere', subjectType: 'user', subjectId: actor.userId });
    await app.sessions.endAll(actor.userId);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/signed-out', 303);
  });

  await accountRoutes(app);
}

function refuse(
  reply: FastifyReply,
  template: string,
  title: string,
  values: Record<string, unknown>,
  field: string,
  message: string,
) {
  const text = label(message);
  return reply
    .code(401)
    .page(template, { title, values, errors: { [field]: { text } }, errorList: [{ text, href: `#${field}` }] });
}
