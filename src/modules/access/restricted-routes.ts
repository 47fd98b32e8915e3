import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { anySignedIn, rolesOnly } from '../../platform/access.ts';
import { formFields, validateForm } from '../../platform/forms.ts';
import { enqueue, JobRunner } from '../../platform/jobs.ts';
import { createMailer } from '../../platform/mail.ts';
import { restrictedKinds } from './policy.ts';
import { CASEWORKING_ROLES } from './restricted-rules.ts';
import { ESCALATION_QUEUE, escalateUnreviewedGrants } from './escalation.ts';
import * as service from './restricted-service.ts';

const idParam = z.object({ id: z.uuid() });
const KIND_LABELS = {
  'safe-address': 'Safe address',
  'new-area': 'New area',
  phone: 'Phone number',
  'refuge-location': 'Refuge location',
} as const;
const ids = z
  .union([z.uuid(), z.array(z.uuid())])
  .optional()
  .transform((v) => (v === undefined ? [] : [v].flat()));

const restrictedForm = z.object({
  kind: z.enum(restrictedKinds, { error: 'Select what kind of detail this is' }),
  value: z.string().min(1, 'Enter the detail').max(500, 'The detail must be 500 characters or fewer'),
  namedAgencyIds: ids,
  namedTeamIds: ids,
  namedUserIds: ids,
});
const reasonText = (what: string) =>
  z
    .string()
    .min(10, `Explain why you need ${what}, in at least 10 characters`)
    .max(2000, 'The reason must be 2,000 characters or fewer');
const breakGlassForm = z.object({
  reason: z
    .string()
    .min(10, 'Explain why you need to see more than you can, in at least 10 characters')
    .max(2000, 'The reason must be 2,000 characters or fewer'),
});
const requestForm = z.object({ reason: reasonText('to see the restricted details') });
const decisionForm = z.object({
  decision: z.enum(['approve', 'refuse'], { error: 'Select whether to approve or refuse the request' }),
  note: z.string().max(2000, 'The note must be 2,000 characters or fewer').optional().default(''),
});
const reviewForm = z.object({
  outcome: z.enum(['justified', 'not-justified'], { error: 'Select whether the access was justified' }),
  note: z.string().max(2000, 'The note must be 2,000 characters or fewer').optional().default(''),
});
const approvalForm = z.object({
  decision: z.enum(['approve', 'refuse'], { error: 'Select whether to approve or refuse the emergency access' }),
});

/** Restricted details, requests to see them, break-glass and its review. */
export async function restrictedRoutes(app: FastifyInstance): Promise<void> {
  const db = app.dbs.app;
  const caseworkers = { access: rolesOnly(...CASEWORKING_ROLES) };
  const mailer = createMailer(app.config, app.log);
  const jobs = new JobRunner(app.dbs.owner, app.log).handle(ESCALATION_QUEUE, async () => {
    await escalateUnreviewedGrants(app.dbs.owner, mailer, app.config.publicUrl);
  });
  if (app.config.env !== 'test') {
    app.addHook('onReady', async () =>
      jobs.start(60 * 60_000, async () => {
        const on = new Date().toISOString().slice(0, 10);
        await enqueue(app.dbs.owner, ESCALATION_QUEUE, { on }, { singletonKey: `${ESCALATION_QUEUE}:${on}` });
      }),
    );
  }
  app.addHook('onClose', async () => {
    await jobs.stop();
    mailer.close();
  });

  const personId = (request: FastifyRequest) => {
    const p = idParam.safeParse(request.params);
    return p.success ? p.data.id : null;
  };

  async function restrictedPage(request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) {
    const id = personId(request);
    const page = id ? await service.restrictedDetailsPage(db, request.actor!, id) : null;
    // Audited as a read of the person's restricted details (ids only), whatever was visible.
    await app.audit.record(request, {
      action: 'restricted-detail.view',
      subjectType: 'restricted-detail',
      subjectId: id,
      outcome: page ? 'success' : 'failure',
    });
    if (!page) return reply.callNotFound();
    const actor = request.actor!;
    return reply.code(extra.errorList ? 400 : 200).page('access/views/restricted.njk', {
      title: 'Restricted details',
      personId: id,
      ...page,
      kindLabels: KIND_LABELS,
      values: {},
      requestValues: {},
      agencyItems: page.agencies.filter((a) => a.id !== actor.agencyId).map((a) => ({ value: a.id, text: a.name })),
      teamItems: page.teams.map((t) => ({ value: t.id, text: `${t.name}, ${t.agency_name}` })),
      userItems: page.people
        .filter((u) => u.id !== actor.userId)
        .map((u) => ({ value: u.id, text: `${u.display_name}, ${u.agency_name}` })),
      approved: page.requests.some((r) => r.status === 'approved'),
      waiting: page.requests.some((r) => r.status === 'waiting'),
      ...extra,
    });
  }

  app.get('/restricted-details/:id', { config: { access: anySignedIn } }, (request, reply) =>
    restrictedPage(request, reply),
  );

  app.post('/restricted-details/:id', { config: caseworkers }, async (request, reply) => {
    const id = personId(request);
    if (!id || !(await service.personVisible(db, request.actor!, id))) return reply.callNotFound();
    const values = formFields(request.body);
    const form = validateForm(restrictedForm, values);
    if (!form.ok) return restrictedPage(request, reply, { values, errors: form.errors, errorList: form.errorList });
    const added = id ? await service.addRestrictedDetail(db, request.actor!, id, form.value) : null;
    if (!added) return reply.callNotFound();
    await app.audit.record(request, {
      action: 'restricted-detail.create',
      subjectType: 'restricted-detail',
      subjectId: id,
    });
    return reply.redirect(`/restricted-details/${id}`, 303);
  });

  app.post('/restricted-details/:id/requests', { config: caseworkers }, async (request, reply) => {
    const id = personId(request);
    if (!id || !(await service.personVisible(db, request.actor!, id))) return reply.callNotFound();
    const values = formFields(request.body);
    const form = validateForm(requestForm, values);
    if (!form.ok)
      return restrictedPage(request, reply, {
        requestValues: values,
        requestErrors: form.errors,
        errorList: form.errorList,
      });
    const outcome = id ? await service.requestRestricted(db, request.actor!, id, form.value.reason) : null;
    if (!outcome) return reply.callNotFound();
    if (outcome !== 'requested') {
      const text =
        outcome === 'already-waiting'
          ? 'You have already asked; wait for the decision'
          : 'There is nothing here for you to ask for';
      return restrictedPage(request, reply, {
        requestValues: values,
        requestErrors: { reason: { text } },
        errorList: [{ text, href: '#reason' }],
      });
    }
    await app.audit.record(request, {
      action: 'restricted-request.create',
      subjectType: 'restricted-detail',
      subjectId: id,
    });
    return reply.redirect(`/restricted-details/${id}`, 303);
  });

  // The one view an approval gives. Opening it uses the approval up; audited against the person either way.
  app.get('/restricted-details/:id/approved', { config: caseworkers }, async (request, reply) => {
    const id = personId(request);
    const details = id ? await service.openApproved(db, request.actor!, id) : null;
    await app.audit.record(request, {
      action: 'restricted-detail.view-approved',
      subjectType: 'restricted-detail',
      subjectId: id,
      outcome: details?.length ? 'success' : 'failure',
    });
    if (!details) return reply.callNotFound();
    return reply.header('cache-control', 'no-store').page('access/views/restricted-approved.njk', {
      title: 'Restricted details: approved view',
      personId: id,
      details,
      kindLabels: KIND_LABELS,
    });
  });

  async function requestsPage(request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) {
    const page = await service.requestsPage(db, request.actor!);
    return reply
      .code(extra.errorList ? 400 : 200)
      .page('access/views/requests.njk', { title: 'Requests to see restricted details', ...page, ...extra });
  }

  app.get('/restricted-requests', { config: caseworkers }, (request, reply) => requestsPage(request, reply));

  app.post('/restricted-requests/:id', { config: caseworkers }, async (request, reply) => {
    const id = personId(request);
    if (!id || !(await service.requestExists(db, request.actor!, id))) return reply.callNotFound();
    const form = validateForm(decisionForm, formFields(request.body));
    if (!form.ok) return requestsPage(request, reply, { errors: form.errors, errorList: form.errorList });
    const decided = await service.decideRequest(
      db,
      app.dbs.owner,
      mailer,
      app.config.publicUrl,
      request.actor!,
      id,
      form.value.decision === 'approve',
      form.value.note,
    );
    if (!decided) return reply.callNotFound();
    await app.audit.record(request, {
      action: `restricted-request.${form.value.decision}`,
      subjectType: 'restricted-detail',
      subjectId: decided.personId,
    });
    return reply.redirect('/restricted-requests', 303);
  });

  const breakGlassPage = (
    reply: FastifyReply,
    id: string,
    needsApproval: boolean,
    extra: Record<string, unknown> = {},
  ) =>
    reply.code(extra.errorList ? 400 : 200).page('access/views/break-glass.njk', {
      title: 'Emergency access',
      personId: id,
      minutes: service.BREAK_GLASS_MINUTES,
      needsApproval,
      values: {},
      ...extra,
    });

  // Opening the form is itself a read about the person: audited against them.
  app.get('/break-glass/:id', { config: caseworkers }, async (request, reply) => {
    const id = personId(request);
    const form = id ? await service.breakGlassForm(db, request.actor!, id) : null;
    await app.audit.record(request, {
      action: 'break-glass.form',
      subjectType: 'person',
      subjectId: id,
      outcome: form ? 'success' : 'failure',
    });
    if (!form || !id) return reply.callNotFound();
    return breakGlassPage(reply, id, form.needsApproval);
  });

  app.post('/break-glass/:id', { config: caseworkers }, async (request, reply) => {
    const id = personId(request);
    const form0 = id ? await service.breakGlassForm(db, request.actor!, id) : null;
    if (!form0 || !id) return reply.callNotFound();
    const values = formFields(request.body);
    const form = validateForm(breakGlassForm, values);
    if (!form.ok) return breakGlassPage(reply, id, form0.needsApproval, { values, ...form });
    const grant = await service.breakGlass(db, request.actor!, id, form.value.reason);
    if (!grant) return reply.callNotFound();
    await app.audit.record(request, {
      action: grant.waiting ? 'break-glass.request' : 'break-glass.grant',
      subjectType: 'person',
      subjectId: id,
    });
    return reply.redirect(grant.waiting ? '/break-glass-reviews' : `/people/${id}`, 303);
  });

  async function reviewsPage(request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) {
    const grants = await service.grantsToReview(db, request.actor!);
    return reply.code(extra.errorList ? 400 : 200).page('access/views/reviews.njk', {
      title: 'Emergency access to review',
      waiting: grants.filter((g) => g.approval === 'waiting'),
      grants: grants.filter((g) => g.approval !== 'waiting'),
      ...extra,
    });
  }

  app.get('/break-glass-reviews', { config: caseworkers }, (request, reply) => reviewsPage(request, reply));

  app.post('/break-glass-reviews/:id', { config: caseworkers }, async (request, reply) => {
    const id = personId(request);
    if (!id || !(await service.grantExists(db, request.actor!, id))) return reply.callNotFound();
    const form = validateForm(reviewForm, formFields(request.body));
    if (!form.ok) return reviewsPage(request, reply, form);
    // Not yours to review (another agency, already reviewed, waiting for approval): not found.
    if (!(await service.grantsToReview(db, request.actor!)).some((g) => g.id === id && g.approval !== 'waiting'))
      return reply.callNotFound();
    if (!(await service.reviewGrant(db, request.actor!, id, form.value.outcome, form.value.note)))
      return reply.callNotFound();
    await app.audit.record(request, { action: 'break-glass.review', subjectType: 'break-glass', subjectId: id });
    return reply.redirect('/break-glass-reviews', 303);
  });

  app.post('/break-glass-reviews/:id/approval', { config: caseworkers }, async (request, reply) => {
    const id = personId(request);
    if (!id || !(await service.grantExists(db, request.actor!, id))) return reply.callNotFound();
    const form = validateForm(approvalForm, formFields(request.body));
    if (!form.ok) return reviewsPage(request, reply, form);
    if (!(await service.decideGrant(db, request.actor!, id, form.value.decision === 'approve')))
      return reply.callNotFound();
    await app.audit.record(request, {
      action: `break-glass.${form.value.decision}`,
      subjectType: 'break-glass',
      subjectId: id,
    });
    return reply.redirect('/break-glass-reviews', 303);
  });

  app.get('/our-records-opened', { config: caseworkers }, async (request, reply) =>
    reply.page('access/views/our-records.njk', {
      title: 'Emergency access and requests on your agency’s records',
      ...(await service.ourRecordsPage(db, request.actor!)),
    }),
  );
}
