import type { FastifyInstance, FastifyReply } from 'fastify';
import { publicAccess } from '../access.ts';
import { formFields, validateForm } from '../forms.ts';
import { matchTotpStep } from './totp.ts';
import { openSecret } from './authenticator-secrets.ts';
import { acceptInvite, openInvite } from './accounts.ts';
import { errorsFor, setUpForm, tokenParam, type FormProblems } from './account-forms.ts';
import { enrol } from './enrolment.ts';
import { label } from '../language/index.ts';

// Setting up an account from the invitation sent to the user's own address: their own password
// and authenticator, which nobody else sees.
export async function setUpRoutes(app: FastifyInstance): Promise<void> {
  const db = app.dbs.app;
  const key = app.config.accounts.authenticatorKey;

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
      ...(await enrol(key, invite.role)),
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
      const again = async (status: number, problems: FormProblems) =>
        reply.code(status).page('auth/set-up.njk', {
          title: label('auth.set-up.title'),
          values: {},
          ...problems,
          ...(await enrol(key, invite.role, fields.enrolment)),
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
}
