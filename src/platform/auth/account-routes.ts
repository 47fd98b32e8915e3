import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { anySignedIn } from '../access.ts';
import { formFields, validateForm } from '../forms.ts';
import { matchTotpStep } from './totp.ts';
import { openSecret } from './authenticator-secrets.ts';
import { changeOwnCredentials, type ChangeOutcome } from './accounts.ts';
import { authenticatorForm, CHANGE_PROBLEMS, errorsFor, passwordForm, type FormProblems } from './account-forms.ts';
import { enrol } from './enrolment.ts';
import { label } from '../language/index.ts';

// A signed-in user changing their own password or authenticator.

export async function accountRoutes(app: FastifyInstance): Promise<void> {
  const db = app.dbs.app;
  const key = app.config.accounts.authenticatorKey;

  /** A change of one's own credentials is audited; then the form comes back with the reason, or the account page follows. */
  const answerChange = async (
    request: FastifyRequest,
    reply: FastifyReply,
    what: 'password' | 'authenticator',
    outcome: ChangeOutcome,
    again: (status: number, problems: FormProblems) => unknown,
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

  app.get('/account/password', { config: { access: anySignedIn } }, async (_request, reply) =>
    reply.page('auth/password.njk', { title: label('account.change-password'), section: 'account', values: {} }),
  );

  app.post('/account/password', { config: { access: anySignedIn } }, async (request, reply) => {
    const again = (status: number, problems: FormProblems) =>
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
      ...(await enrol(key, request.actor!.role)),
    }),
  );

  app.post('/account/authenticator', { config: { access: anySignedIn } }, async (request, reply) => {
    const fields = formFields(request.body);
    const again = async (status: number, problems: FormProblems) =>
      reply.code(status).page('auth/authenticator.njk', {
        title: label('account.change-authenticator'),
        section: 'account',
        values: {},
        ...problems,
        ...(await enrol(key, request.actor!.role, fields.enrolment)),
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
