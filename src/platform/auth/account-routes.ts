import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import { anySignedIn, publicAccess } from '../access.ts';
import { formFields, validateForm, type FieldError } from '../forms.ts';
import { passwordProblem } from './passwords.ts';
import { matchTotpStep, newTotpSecret, totpUri } from './totp.ts';
import { openSecret, sealSecret } from './authenticator-secrets.ts';
import { acceptInvite, changeOwnCredentials, openInvite, type ChangeOutcome } from './accounts.ts';
import { label } from '../language/index.ts';

// The user's own pages for their credentials: setting them up from an
// invitation, and changing their password or authenticator later.

const newPassword = z
  .string()
  .min(1, 'account.password.problem.missing')
  .superRefine((value, ctx) => {
    const problem = passwordProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
const code = z.string().regex(/^\s*\d{3}\s?\d{3}\s*$/, 'auth.code.problem.format');
const enrolment = z.string().min(1).max(400);
const confirmed = <T extends { password: string; confirmPassword: string }>(value: T, ctx: z.RefinementCtx) => {
  if (value.password !== value.confirmPassword)
    ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: 'account.password.problem.mismatch' });
};

const setUpForm = z
  .object({ password: newPassword, confirmPassword: z.string(), code, enrolment })
  .superRefine(confirmed);
const passwordForm = z
  .object({
    currentPassword: z.string().min(1, 'account.password.problem.current-missing').max(256),
    password: newPassword,
    confirmPassword: z.string(),
  })
  .superRefine(confirmed);
const authenticatorForm = z.object({
  currentPassword: z.string().min(1, 'account.password.problem.current-missing').max(256),
  code,
  enrolment,
});
// The token travels in the query string, which the server's log leaves out (it records the path only).
const tokenParam = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });

const errorsFor = (field: string, key: string, text = label(key)) => ({
  errors: { [field]: { text } } as Record<string, FieldError>,
  errorList: [{ text, href: `#${field}` }],
});

const CHANGE_PROBLEMS: Record<Exclude<ChangeOutcome, 'ok'>, [string, string]> = {
  'wrong-password': ['currentPassword', 'account.problem.wrong-password'],
  locked: ['currentPassword', 'account.problem.locked'],
  refused: ['currentPassword', 'account.problem.refused'],
};

export async function accountRoutes(app: FastifyInstance): Promise<void> {
  const db = app.dbs.app;
  const key = app.config.accounts.authenticatorKey;

  /** A change of one's own credentials is audited; then the form comes back with the reason, or the account page follows. */
  const answerChange = async (
    request: FastifyRequest,
    reply: FastifyReply,
    what: 'password' | 'authenticator',
    outcome: ChangeOutcome,
    again: (status: number, problems: ReturnType<typeof errorsFor>) => unknown,
  ) => {
    await app.audit.record(request, {
      action: `account.${what}.change`,
      subjectType: 'user',
      subjectId: request.actor!.userId,
      outcome: outcome === 'ok' ? 'success' : 'denied',
    });
    if (outcome !== 'ok')
      return again(outcome === 'wrong-password' ? 401 : 400, errorsFor(...CHANGE_PROBLEMS[outcome]));
    return reply.redirect(`/account?changed=${what}`, 303);
  };

  /** A new authenticator secret: shown to the user as a QR code and key, and carried sealed in the form. */
  const enrol = async (label: string, sealed?: unknown) => {
    const secret = (typeof sealed === 'string' && openSecret(key, sealed)) || newTotpSecret();
    const uri = totpUri(secret, label);
    return {
      enrolment: typeof sealed === 'string' && openSecret(key, sealed) ? sealed : sealSecret(key, secret),
      totpSecret: secret,
      qrCode: await QRCode.toString(uri, { type: 'svg', margin: 1, width: 180 }),
    };
  };
  const expired = (reply: FastifyReply) =>
    reply.code(404).page('error.njk', {
      title: label('auth.set-up.expired.title'),
      message: label('auth.set-up.expired.message'),
    });

  app.get('/account/set-up', { config: { access: publicAccess } }, async (request, reply) => {
    const params = tokenParam.safeParse(request.query);
    const invite = params.success ? await openInvite(db, params.data.token) : null;
    if (!invite) return expired(reply);
    return reply.page('auth/set-up.njk', {
      title: label('auth.set-up.title'),
      values: {},
      ...(await enrol(invite.role)),
    });
  });

  app.post(
    '/account/set-up',
    { config: { access: publicAccess, rateLimit: { max: 20, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const params = tokenParam.safeParse(request.query);
      const invite = params.success ? await openInvite(db, params.data.token) : null;
      if (!invite || !params.success) return expired(reply);
      const fields = formFields(request.body);
      const again = async (status: number, problems: ReturnType<typeof errorsFor>) =>
        reply.code(status).page('auth/set-up.njk', {
          title: label('auth.set-up.title'),
          values: {},
          ...problems,
          ...(await enrol(invite.role, fields.enrolment)),
        });
      const form = validateForm(setUpForm, fields);
      if (!form.ok) return again(400, form);
      const secret = openSecret(key, form.value.enrolment);
      const step = secret ? matchTotpStep(secret, form.value.code) : null;
      if (step === null) return again(400, errorsFor('code', 'account.problem.wrong-code'));
      const userId = await acceptInvite(db, params.data.token, {
        password: form.value.password,
        sealedSecret: form.value.enrolment,
        step,
      });
      if (!userId) return expired(reply);
      await app.audit.record(request, { action: 'account.set-up', subjectType: 'user', subjectId: userId });
      return reply.page('auth/set-up-done.njk', { title: label('auth.set-up-done.title') });
    },
  );

  app.get('/account/password', { config: { access: anySignedIn } }, async (_request, reply) =>
    reply.page('auth/password.njk', { title: label('account.change-password'), section: 'account', values: {} }),
  );

  app.post('/account/password', { config: { access: anySignedIn } }, async (request, reply) => {
    const again = (status: number, problems: ReturnType<typeof errorsFor>) =>
      reply.code(status).page('auth/password.njk', {
        title: label('account.change-password'),
        section: 'account',
        values: {},
        ...problems,
      });
    const form = validateForm(passwordForm, formFields(request.body));
    if (!form.ok) return again(400, form);
    const outcome = await changeOwnCredentials(db, request.sessionToken!, {
      currentPassword: form.value.currentPassword,
      newPassword: form.value.password,
    });
    return answerChange(request, reply, 'password', outcome, again);
  });

  app.get('/account/authenticator', { config: { access: anySignedIn } }, async (request, reply) =>
    reply.page('auth/authenticator.njk', {
      title: label('account.change-authenticator'),
      section: 'account',
      values: {},
      ...(await enrol(request.actor!.role)),
    }),
  );

  app.post('/account/authenticator', { config: { access: anySignedIn } }, async (request, reply) => {
    const fields = formFields(request.body);
    const again = async (status: number, problems: ReturnType<typeof errorsFor>) =>
      reply.code(status).page('auth/authenticator.njk', {
        title: label('account.change-authenticator'),
        section: 'account',
        values: {},
        ...problems,
        ...(await enrol(request.actor!.role, fields.enrolment)),
      });
    const form = validateForm(authenticatorForm, fields);
    if (!form.ok) return again(400, form);
    const secret = openSecret(key, form.value.enrolment);
    const step = secret ? matchTotpStep(secret, form.value.code) : null;
    if (step === null) return again(400, errorsFor('code', 'account.problem.wrong-code'));
    const outcome = await changeOwnCredentials(db, request.sessionToken!, {
      currentPassword: form.value.currentPassword,
      sealedSecret: form.value.enrolment,
      step,
    });
    return answerChange(request, reply, 'authenticator', outcome, again);
  });
}
