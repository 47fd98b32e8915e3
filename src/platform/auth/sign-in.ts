import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { publicAccess } from '../access.ts';
import { formFields, validateForm } from '../forms.ts';
import { cookieOptions } from '../plugins/cookies.ts';
import { SESSION_COOKIE } from './sessions.ts';
import { passwordStep, secondFactorStep } from './credentials.ts';
import { refuse, type SignInGuards } from './sign-in-guards.ts';
import { label } from '../language/index.ts';

// Signing in: the password, then the authenticator's code. Before sign-in there is no actor,
// so these pages are routes of their own rather than declared pages.

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

export async function signInRoutes(app: FastifyInstance, guards: SignInGuards): Promise<void> {
  const db = app.dbs.app;

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
    const throttled = await guards.tooSoon(request, reply, 'auth/sign-in.njk', label('auth.sign-in.title'));
    if (throttled) return throttled;

    const step = await passwordStep(db, form.value.email, form.value.password, app.sessions.idle);
    if (!step.token) {
      await guards.failed(request, step.notify);
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
    const throttled = await guards.tooSoon(request, reply, 'auth/code.njk', label('auth.code.title'));
    if (throttled) return throttled;

    const step = await secondFactorStep(
      db,
      app.config.accounts.authenticatorKey,
      request.sessionToken,
      form.value.code,
    );
    if (!step.token) {
      await guards.failed(request, step.notify);
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
    guards.succeeded(request);
    reply.setCookie(SESSION_COOKIE, step.token, cookieOptions(app.config));
    await app.audit.record(
      { id: request.id, actor: pending },
      { action: 'sign-in', subjectType: 'user', subjectId: pending.userId },
    );
    return reply.redirect('/', 303);
  });
}
