import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formFields, validateForm } from '../forms.ts';
import { sendTable } from '../spreadsheet.ts';
import type { AnyPage, AuditDeclaration, PageContext } from './page.ts';
import type { PageResult } from './results.ts';
import { label } from '../language/index.ts';
import { notePersonSection } from './person-sections.ts';

/** Registers each page's GET and POST with the shared wiring (see page.ts). */
export function registerPages(app: FastifyInstance, pages: readonly AnyPage[]): void {
  for (const page of pages) {
    notePersonSection(page);
    const config = { ...page.routeConfig, access: page.access };
    if (page.get) {
      const get = page.get;
      app.get(page.path, { config }, (request, reply) => run(app, page, page.audit, request, reply, get));
    }
    if (page.post) {
      const post = page.post;
      if (typeof post === 'function') {
        app.post(page.path, { config }, (request, reply) => run(app, page, page.audit, request, reply, post));
      } else {
        app.post(page.path, { config }, (request, reply) =>
          run(app, page, post.audit ?? page.audit, request, reply, async (ctx) => {
            const fields = formFields(request.body);
            const form = validateForm(post.schema, post.prepare ? post.prepare(fields) : fields);
            if (!form.ok) {
              const shown = await post.invalid(ctx, { values: fields, errors: form.errors, errorList: form.errorList });
              return shown.kind === 'view' ? { ...shown, status: 400 } : shown;
            }
            return post.handle(ctx, form.value, fields);
          }),
        );
      }
    }
  }
}

async function run(
  app: FastifyInstance,
  page: AnyPage,
  audit: AuditDeclaration<unknown> | undefined,
  request: FastifyRequest,
  reply: FastifyReply,
  handler: (ctx: PageContext<unknown>) => Promise<PageResult>,
): Promise<FastifyReply> {
  const parsed = page.params ? page.params.safeParse(request.params) : { success: true as const, data: {} };
  if (!parsed.success) {
    // A malformed id names nothing: not found, and audited as such when the page is about a record.
    if (audit)
      await app.audit.record(request, {
        action: audit.action,
        subjectType: audit.subjectType,
        subjectId: null,
        outcome: 'failure',
      });
    await reply.callNotFound();
    return reply;
  }
  const params = parsed.data as Record<string, unknown>;
  const ctx: PageContext<unknown> = {
    request,
    reply,
    actor: request.actor!,
    params,
    db: app.dbs.app,
    app,
    query: Object.fromEntries(
      Object.entries((request.query ?? {}) as Record<string, unknown>).map(([k, v]) => [
        k,
        typeof v === 'string' ? v : undefined,
      ]),
    ),
  };
  const result = await handler(ctx);
  if (audit) {
    const declared = audit.subjectId
      ? audit.subjectId(params, ctx.actor)
      : typeof params.id === 'string'
        ? params.id
        : null;
    const named = result.subjectId !== undefined ? result.subjectId : declared;
    const outcome = result.outcome ?? outcomeOf(result);
    await app.audit.record(request, {
      action: result.action ?? audit.action,
      subjectType: audit.subjectType,
      subjectId: named,
      outcome,
    });
    for (const also of result.also ?? []) await app.audit.record(request, { ...also, outcome });
  }
  return send(reply, result);
}

/** A page shown again with its problems (status 400 or 409) did not do what was asked. */
function outcomeOf(result: PageResult): 'success' | 'failure' | 'denied' {
  if (result.kind === 'refused') return 'denied';
  if (result.kind === 'not-found' || result.kind === 'problem' || (result.kind === 'view' && result.status >= 400))
    return 'failure';
  return 'success';
}

async function send(reply: FastifyReply, result: PageResult): Promise<FastifyReply> {
  switch (result.kind) {
    case 'view':
      return reply.code(result.status).page(result.template, result.model);
    case 'redirect':
      return reply.redirect(result.location, 303);
    case 'not-found':
      await reply.callNotFound();
      return reply;
    case 'refused':
      return reply.code(403).page('error.njk', { title: label(result.title), message: label(result.message) });
    case 'problem':
      return reply
        .code(result.status)
        .page('error.njk', { title: label(result.title), message: label(result.message) });
    case 'table':
      return sendTable(reply, result.rows, { format: result.format, filename: result.filename, sheet: result.sheet });
    case 'sent':
      return reply;
  }
}
