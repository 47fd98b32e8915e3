import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { rolesOnly } from '../../platform/access.ts';
import { formFields, validateForm } from '../../platform/forms.ts';
import { KIND_LABELS } from './labels.ts';
import * as service from './service.ts';

// Worklists: the agency's open items and the lead's; closing one needs an outcome.
const workers = { access: rolesOnly('practitioner', 'agency-lead') };
const idParam = z.object({ id: z.uuid() });
const closeForm = z.object({
  outcome: z
    .string()
    .min(1, 'Record the outcome: what was done, or why nothing needs doing')
    .max(2000, 'The outcome must be 2000 characters or fewer'),
});

export async function worklistRoutes(app: FastifyInstance): Promise<void> {
  const db = app.dbs.app;

  app.get('/worklist', { config: workers }, async (request, reply) => {
    const open = await service.openItems(db, request.actor!, 200);
    await app.audit.record(request, {
      action: 'worklist.list',
      subjectType: 'worklist-item',
      subjectId: null,
      outcome: 'success',
    });
    return reply.page('worklists/views/worklist.njk', {
      title: 'Worklist',
      section: 'worklist',
      ...open,
      kinds: KIND_LABELS,
      now: new Date(),
    });
  });

  const itemPage = async (request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) => {
    const params = idParam.safeParse(request.params);
    const item = params.success ? await service.getItem(db, request.actor!, params.data.id) : undefined;
    await app.audit.record(request, {
      action: 'worklist.view',
      subjectType: 'worklist-item',
      subjectId: params.success ? params.data.id : null,
      outcome: item ? 'success' : 'failure',
    });
    if (!item) {
      await reply.callNotFound();
      return reply;
    }
    return reply.page('worklists/views/item.njk', {
      title: 'Worklist item',
      section: 'worklist',
      item,
      kinds: KIND_LABELS,
      values: {},
      errors: {},
      ...extra,
    });
  };

  app.get('/worklist/:id', { config: workers }, async (request, reply) => itemPage(request, reply));

  app.post('/worklist/:id/close', { config: workers }, async (request, reply) => {
    const params = idParam.safeParse(request.params);
    if (!params.success) return reply.callNotFound();
    const values = formFields(request.body);
    const form = validateForm(closeForm, values);
    if (!form.ok) return itemPage(request, reply.code(400), { values, errors: form.errors, errorList: form.errorList });
    const item = await service.getItem(db, request.actor!, params.data.id);
    if (!item) return reply.callNotFound();
    if (!(await service.closeItem(db, request.actor!, item.id, form.value.outcome))) {
      const message = 'This item is already closed';
      return itemPage(request, reply.code(409), {
        values,
        errors: { outcome: { text: message } },
        errorList: [{ text: message, href: '#outcome' }],
      });
    }
    await app.audit.record(request, {
      action: 'worklist.close',
      subjectType: 'worklist-item',
      subjectId: item.id,
      outcome: 'success',
    });
    return reply.redirect('/worklist?closed=1', 303);
  });
}
