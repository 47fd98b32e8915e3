import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { rolesOnly } from '../../platform/access.ts';
import { formFields, validateForm } from '../../platform/forms.ts';
import { registerPages } from '../../platform/pages/register.ts';
import { referralPages } from './pages.ts';
import { acceptForm, declineForm, referralForm } from './forms.ts';
import { referralJobsOf } from './jobs.ts';
import { CONSENT_LABELS, LEVEL_LABELS, SERVICE_LABELS, SHARED_LABELS, STATUS_LABELS } from './labels.ts';
import { REFERRAL_SERVICES } from './tables.ts';
import * as service from './service.ts';
import { viewerOf } from '../access/service.ts';

// Referrals between services: the referrer makes one from a checklist's next step;
// the receiving agency's practitioners and leads see it in their queue and accept
// or decline it. Only those two agencies see a referral at all.
// Practitioners and agency leads make and decide referrals (MARAC has its own referral to the coordinator).
const caseworkers = { access: rolesOnly('practitioner', 'agency-lead') };
const referrers = caseworkers;
const receivers = caseworkers;
const idParam = z.object({ id: z.uuid() });
const labels = {
  services: SERVICE_LABELS,
  statuses: STATUS_LABELS,
  shared: SHARED_LABELS,
  levels: LEVEL_LABELS,
  consent: CONSENT_LABELS,
};

export async function referralRoutes(app: FastifyInstance): Promise<void> {
  const db = app.dbs.app;
  registerPages(app, referralPages);
  const jobs = referralJobsOf(app, { start: true });

  app.get('/referrals', { config: referrers }, async (request, reply) => {
    const lists = await service.queues(db, request.actor!);
    await app.audit.record(request, {
      action: 'referral.list',
      subjectType: 'referral',
      subjectId: null,
      outcome: 'success',
    });
    return reply.page('referrals/views/queue.njk', {
      title: 'Referrals',
      section: 'referrals',
      ...lists,
      labels,
      now: new Date(),
    });
  });

  const formPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    assessmentId: string,
    stepId: string | null,
    values: Record<string, unknown> | null,
    extra: Record<string, unknown> = {},
  ) => {
    const context = await service.referralContext(db, request.actor!, assessmentId, stepId);
    await app.audit.record(request, {
      action: 'referral.new',
      subjectType: 'assessment',
      subjectId: assessmentId,
      outcome: context ? 'success' : 'failure',
    });
    if (!context)
      return reply.code(404).page('error.njk', {
        title: 'Page not found',
        message: 'Referrals are made from a completed checklist your agency recorded.',
      });
    if (context.existing && !values) return reply.redirect(`/referrals/${context.existing.id}`, 303);
    const shown = values ?? {
      assessmentId,
      stepId: stepId ?? '',
      service: context.service ?? '',
      toAgencyId: context.agencies[0]?.id ?? '',
      consentStatus: context.assessment.consent_to_share ?? '',
      sharedLevel: 'shared-summary',
    };
    return reply.page('referrals/views/new.njk', {
      title: 'Make a referral',
      context,
      values: shown,
      labels,
      services: REFERRAL_SERVICES,
      errors: {},
      ...extra,
    });
  };

  app.get('/referrals/new', { config: referrers }, async (request, reply) => {
    const query = z
      .object({
        assessment: z.uuid(),
        step: z
          .string()
          .regex(/^[a-z0-9-]{1,80}$/)
          .optional(),
      })
      .safeParse(request.query);
    if (!query.success)
      return reply.page('referrals/views/start.njk', { title: 'Make a referral', section: 'referrals' });
    return formPage(request, reply, query.data.assessment, query.data.step ?? null, null);
  });

  app.post('/referrals', { config: referrers }, async (request, reply) => {
    const values = formFields(request.body);
    const assessmentId = z.uuid().safeParse(values.assessmentId);
    if (!assessmentId.success) {
      const message = 'Refer from a completed checklist your agency recorded';
      return reply.code(400).page('referrals/views/start.njk', {
        title: 'Make a referral',
        section: 'referrals',
        errorList: [{ text: message, href: '#main-content' }],
      });
    }
    const stepId = typeof values.stepId === 'string' && /^[a-z0-9-]{1,80}$/.test(values.stepId) ? values.stepId : null;
    const form = validateForm(referralForm, values);
    if (!form.ok)
      return formPage(request, reply.code(400), assessmentId.data, stepId, values, {
        errors: form.errors,
        errorList: form.errorList,
      });
    const created = await service.createReferral(db, request.actor!, form.value);
    if (!created.ok) {
      const errors = Object.fromEntries(created.problems.map((p) => [p.field, { text: p.message }]));
      return formPage(request, reply.code(400), assessmentId.data, stepId, values, {
        errors,
        errorList: created.problems.map((p) => ({ text: p.message, href: `#${p.field}` })),
      });
    }
    await app.audit.record(request, {
      action: 'referral.create',
      subjectType: 'referral',
      subjectId: created.id,
      outcome: 'success',
    });
    await jobs.arrived(created.id);
    void jobs.runDue().catch(() => undefined); // told now; the queue retries if the mail server is down
    return reply.redirect(`/referrals/${created.id}?saved=sent`, 303);
  });

  const referralPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    action: string,
    extra: Record<string, unknown> = {},
  ) => {
    const params = idParam.safeParse(request.params);
    const referral = params.success
      ? await service.referralForViewer(db, viewerOf(request), params.data.id)
      : undefined;
    await app.audit.record(request, {
      action,
      subjectType: 'referral',
      subjectId: params.success ? params.data.id : null,
      outcome: referral ? 'success' : 'failure',
    });
    if (!referral) {
      await reply.callNotFound();
      return reply;
    }
    const receiving = referral.to_agency_id === request.actor!.agencyId;
    const canDecide =
      receiving && referral.status === 'awaiting' && ['practitioner', 'agency-lead'].includes(request.actor!.role);
    return reply.page('referrals/views/referral.njk', {
      title: 'Referral',
      section: 'referrals',
      referral,
      receiving,
      canDecide,
      workers: canDecide ? await service.workers(db, request.actor!) : [],
      labels,
      values: {},
      errors: {},
      saved: (request.query as { saved?: string }).saved,
      ...extra,
    });
  };

  app.get('/referrals/:id', { config: referrers }, async (request, reply) =>
    referralPage(request, reply, 'referral.view'),
  );

  const decided = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    outcome: service.DecideOutcome,
    values: Record<string, unknown>,
    field: string,
  ) => {
    if (outcome === 'decided') return reply.redirect(`/referrals/${id}?saved=decided`, 303);
    if (outcome === 'not-found') {
      await app.audit.record(request, {
        action: 'referral.decide',
        subjectType: 'referral',
        subjectId: id,
        outcome: 'failure',
      });
      await reply.callNotFound();
      return reply;
    }
    const message =
      outcome === 'already-decided'
        ? 'This referral has already been accepted or declined'
        : 'Select one of your agency’s workers';
    return referralPage(request, reply.code(outcome === 'already-decided' ? 409 : 400), 'referral.view', {
      values,
      errors: { [field]: { text: message } },
      errorList: [{ text: message, href: `#${field}` }],
    });
  };

  // Accepting and declining are one journey: the receiving agency's decision, once, with its own field.
  const decisionRoute = <S extends typeof acceptForm | typeof declineForm>(
    path: string,
    schema: S,
    field: 'allocatedUserId' | 'declineReason',
    action: string,
    decide: (
      actor: NonNullable<FastifyRequest['actor']>,
      referralId: string,
      value: z.infer<S>,
    ) => ReturnType<typeof service.accept>,
  ) =>
    app.post(path, { config: receivers }, async (request, reply) => {
      const params = idParam.safeParse(request.params);
      if (!params.success) return reply.callNotFound();
      const values = formFields(request.body);
      const form = validateForm(schema, values);
      if (!form.ok) {
        const referral = await service.getReferral(db, request.actor!, params.data.id);
        if (!referral || referral.to_agency_id !== request.actor!.agencyId)
          return decided(request, reply, params.data.id, 'not-found', values, field);
        return referralPage(request, reply.code(400), 'referral.view', {
          values,
          errors: form.errors,
          errorList: form.errorList,
        });
      }
      const outcome = await decide(request.actor!, params.data.id, form.value as z.infer<S>); // checked by schema above
      if (outcome === 'decided')
        await app.audit.record(request, {
          action,
          subjectType: 'referral',
          subjectId: params.data.id,
          outcome: 'success',
        });
      return decided(request, reply, params.data.id, outcome, values, field);
    });

  decisionRoute('/referrals/:id/accept', acceptForm, 'allocatedUserId', 'referral.accept', (actor, id, v) =>
    service.accept(db, actor, id, v.allocatedUserId),
  );
  decisionRoute('/referrals/:id/decline', declineForm, 'declineReason', 'referral.decline', (actor, id, v) =>
    service.decline(db, actor, id, v.declineReason),
  );
}
