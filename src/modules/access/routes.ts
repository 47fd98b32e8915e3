import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { anySignedIn, rolesOnly } from '../../platform/access.ts';
import { formFields, validateForm } from '../../platform/forms.ts';
import { sendTable, TABLE_FORMATS } from '../../platform/spreadsheet.ts';
import { restrictedRoutes } from './restricted-routes.ts';
import { teamRoutes } from './teams/routes.ts';
import { DEFAULT_READING_THRESHOLDS } from './unusual-reading.ts';
import * as service from './service.ts';
import { viewerOf } from './viewer.ts';

const idParam = z.object({ id: z.uuid() });

const sharingForm = z.object({
  agencyId: z.uuid({ error: 'Select the agency the information is shared with' }),
  level: z.enum(['signpost', 'shared-summary', 'full'], { error: 'Select how much may be shared' }),
  basis: z.enum(['consent', 'marac-attendance', 'risk-of-serious-harm', 'legal-duty'], {
    error: 'Select the lawful basis for sharing',
  }),
  note: z
    .string()
    .min(10, 'Explain the decision in at least 10 characters')
    .max(2000, 'The explanation must be 2,000 characters or fewer'),
});
const LEVEL_LABELS = { signpost: 'Signpost only', 'shared-summary': 'Shared summary', full: 'Full record' } as const;
const BASIS_LABELS = {
  consent: 'Consent of the person',
  'marac-attendance': 'MARAC attendance',
  'risk-of-serious-harm': 'Risk of serious harm (without consent)',
  'legal-duty': 'A legal duty',
} as const;

export async function accessRoutes(app: FastifyInstance): Promise<void> {
  const db = app.dbs.app;
  await app.register(restrictedRoutes);
  await app.register(teamRoutes);
  const personId = (request: FastifyRequest) => {
    const p = idParam.safeParse(request.params);
    return p.success ? p.data.id : null;
  };

  const leads = { access: rolesOnly('agency-lead') };

  app.get('/access-log/:id', { config: leads }, async (request, reply) => {
    const id = personId(request);
    const events = id ? await service.accessLog(db, request.actor!, id) : null;
    await app.audit.record(request, {
      action: 'access-log.view',
      subjectType: 'person',
      subjectId: id,
      outcome: events ? 'success' : 'failure',
    });
    if (!events) return reply.callNotFound();
    return reply.page('access/views/access-log.njk', {
      title: 'Who has looked at this person’s records',
      events,
      personId: id,
    });
  });

  // For a subject access request: the same log as a file, with no other person's details in it.
  for (const format of TABLE_FORMATS) {
    app.get(`/access-log/:id/report.${format}`, { config: leads }, async (request, reply) => {
      const id = personId(request);
      const events = id ? await service.accessLog(db, request.actor!, id) : null;
      await app.audit.record(request, {
        action: 'access-log.export',
        subjectType: 'person',
        subjectId: id,
        outcome: events ? 'success' : 'failure',
      });
      if (!events) return reply.callNotFound();
      const rows = [
        ['when (UTC)', 'who', 'role', 'what', 'outcome'],
        ...events.map((e) => [e.occurred_at.toISOString(), e.userName, e.role ?? '', e.action, e.outcome]),
      ];
      return sendTable(reply, rows, { format, filename: 'access-report', sheet: 'Access report' });
    });
  }

  app.get('/access-alerts', { config: leads }, async (request, reply) =>
    reply.page('access/views/alerts.njk', {
      title: 'Unusual reading',
      alerts: await service.readingAlerts(db, request.actor!),
      thresholds: DEFAULT_READING_THRESHOLDS,
    }),
  );

  async function sharingPage(request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) {
    const id = personId(request);
    const page = id ? await service.sharingPage(db, request.actor!, id) : null;
    await app.audit.record(request, {
      action: 'sharing-decision.view',
      subjectType: 'person',
      subjectId: id,
      outcome: page ? 'success' : 'failure',
    });
    if (!page) return reply.callNotFound();
    return reply.code(extra.errorList ? 400 : 200).page('access/views/sharing.njk', {
      title: 'Sharing decisions',
      personId: id,
      ...page,
      levelLabels: LEVEL_LABELS,
      basisLabels: BASIS_LABELS,
      values: {},
      ...extra,
    });
  }

  app.get('/sharing-decisions/:id', { config: { access: anySignedIn } }, (request, reply) =>
    sharingPage(request, reply),
  );

  app.post('/sharing-decisions/:id', { config: { access: anySignedIn } }, async (request, reply) => {
    const id = personId(request);
    if (!id || !(await service.personVisible(db, request.actor!, id))) return reply.callNotFound();
    const values = formFields(request.body);
    const form = validateForm(sharingForm, values);
    if (!form.ok) return sharingPage(request, reply, { values, errors: form.errors, errorList: form.errorList });
    const recorded = await service.recordSharingDecision(db, request.actor!, id, form.value);
    if (!recorded)
      return sharingPage(request, reply, {
        values,
        errors: { agencyId: { text: 'Select an agency of your partnership' } },
        errorList: [{ text: 'Select an agency of your partnership', href: '#agencyId' }],
      });
    await app.audit.record(request, { action: 'sharing-decision.create', subjectType: 'person', subjectId: id });
    return reply.redirect(`/sharing-decisions/${id}`, 303);
  });

  for (const format of TABLE_FORMATS) {
    app.get(`/exports/checklists.${format}`, { config: { access: anySignedIn } }, async (request, reply) => {
      const rows = await service.checklistExport(db, request.actor!, viewerOf(request));
      await app.audit.record(request, {
        action: 'export.checklists',
        subjectType: 'export',
        subjectId: String(rows.length - 1),
      });
      return sendTable(reply, rows, { format, filename: 'checklists', sheet: 'Checklists' });
    });
  }

  const administrators = { access: rolesOnly('administrator') };
  const retentionForm = z.object({
    months: z
      .string()
      .regex(/^\d{2,4}$/, 'Enter the number of months, like 72')
      .transform(Number)
      .refine((m) => m >= 12 && m <= 1200, 'The period must be between 12 and 1,200 months'),
  });

  async function retentionPage(request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) {
    const page = await service.retentionPage(db, request.actor!);
    return reply.code(extra.errorList ? 400 : 200).page('access/views/retention.njk', {
      title: 'Retention',
      section: 'retention',
      ...page,
      values: { months: page.months },
      ...extra,
    });
  }

  app.get('/admin/retention', { config: administrators }, (request, reply) =>
    retentionPage(request, reply, { applied: (request.query as { applied?: string }).applied }),
  );

  app.post('/admin/retention/period', { config: administrators }, async (request, reply) => {
    const values = formFields(request.body);
    const form = validateForm(retentionForm, values);
    if (!form.ok) return retentionPage(request, reply, { values, errors: form.errors, errorList: form.errorList });
    await service.setRetentionMonths(db, request.actor!, form.value.months);
    await app.audit.record(request, {
      action: 'retention.period',
      subjectType: 'partnership',
      subjectId: request.actor!.partnershipId,
    });
    return reply.redirect('/admin/retention', 303);
  });

  // The list the administrator reviewed travels with the form: records that became due since are not touched.
  const reviewedForm = z.object({
    reviewed: z.union([z.uuid(), z.array(z.uuid()).max(20_000)]).transform((v) => (Array.isArray(v) ? v : [v])),
  });
  app.post('/admin/retention/apply', { config: administrators }, async (request, reply) => {
    const form = reviewedForm.safeParse(formFields(request.body));
    if (!form.success)
      return retentionPage(request, reply, {
        errors: { due: { text: 'Review the list again: no records were chosen' } },
        errorList: [{ text: 'Review the list again: no records were chosen', href: '#due' }],
      });
    const anonymised = await service.applyRetention(db, request.actor!, form.data.reviewed);
    return reply.redirect(`/admin/retention?applied=${anonymised}`, 303);
  });
}
