import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isAllowed, rolesOnly } from '../../platform/access.ts';
import { formFields, validateForm } from '../../platform/forms.ts';
import { JobRunner } from '../../platform/jobs.ts';
import { csvToIncidents, CSV_COLUMNS } from './import-schema.ts';
import { importProgress, importQueued, importReport, importRequest, importRunParams } from './api-schema.ts';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { apiResponses } from '../../platform/api/responses.ts';
import { sendProblem } from '../../platform/api/problem.ts';
import * as service from './service.ts';
import * as importRuns from './import-runs.ts';
import { viewerOf } from '../access/service.ts';
import { peopleFor } from './for-viewer.ts';

// Everyone who works with cases sees people; administrators manage the service, not cases.
const caseWorkers = {
  access: rolesOnly('practitioner', 'marac-coordinator', 'marac-chair', 'agency-lead', 'partnership-analyst'),
};
// Link decisions change what everyone sees: practitioners, leads and the MARAC coordinator.
const linkDeciders = { access: rolesOnly('practitioner', 'marac-coordinator', 'agency-lead') };
const mayDecide = (request: FastifyRequest) => isAllowed(linkDeciders.access, request.actor);
const importers = { access: rolesOnly('practitioner', 'agency-lead') };
const apiClient = { access: { kind: 'api-client' as const } };
const idParam = z.object({ id: z.uuid() });
type MatchView = NonNullable<Awaited<ReturnType<ReturnType<typeof peopleFor>['match']>>>;
const COMPARISON_LABELS: Record<string, string> = {
  firstName: 'First name',
  surname: 'Last name',
  dob: 'Date of birth',
  place: 'Postcode or town',
  sex: 'Sex',
  address: 'Address',
  birthPlace: 'Place of birth',
  email: 'Email',
  nhsNumber: 'NHS number',
  pncId: 'PNC ID',
  otherId: 'Other identifier',
};

// Control characters (NUL above all, which PostgreSQL refuses in text) never belong in a search.
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const printable = (v: string) => !/[\u0000-\u001f\u007f]/.test(v);
const searchForm = z
  .object({
    name: z
      .string()
      .max(200, 'Names must be 200 characters or fewer')
      .refine(printable, 'Enter letters, numbers and spaces only')
      .transform((v) => v || null),
    day: z.string(),
    month: z.string(),
    year: z.string(),
    postcode: z
      .string()
      .max(10, 'Enter a real postcode')
      .refine(printable, 'Enter a real postcode')
      .transform((v) => v || null),
    identifier: z
      .string()
      .max(20, 'Enter an NHS number or PNC ID')
      .refine(printable, 'Enter an NHS number or PNC ID')
      .transform((v) => v || null),
  })
  .transform((v, ctx) => {
    let dateOfBirth: string | null = null;
    if (v.day || v.month || v.year) {
      const iso = `${v.year.padStart(4, '0')}-${v.month.padStart(2, '0')}-${v.day.padStart(2, '0')}`;
      const d = new Date(`${iso}T00:00:00Z`);
      if (
        !/^\d{4}-\d{2}-\d{2}$/.test(iso) ||
        Number.isNaN(d.getTime()) ||
        d.toISOString().slice(0, 10) !== iso ||
        iso < '1900-01-01'
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['dateOfBirth'],
          message: 'Date of birth must be a real date, for example 27 3 1990',
        });
        return z.NEVER;
      }
      dateOfBirth = iso;
    }
    if (!v.name && !dateOfBirth && !v.postcode && !v.identifier) {
      ctx.addIssue({ code: 'custom', path: ['name'], message: 'Enter a name, date of birth, postcode or identifier' });
      return z.NEVER;
    }
    if (v.name && v.name.length < 2) {
      ctx.addIssue({ code: 'custom', path: ['name'], message: 'Enter at least 2 letters of the name' });
      return z.NEVER;
    }
    return { name: v.name, dateOfBirth, postcode: v.postcode, identifier: v.identifier };
  });

export async function peopleRoutes(app: FastifyInstance): Promise<void> {
  const db = app.dbs.app;
  // Agency systems may send the daily extract as CSV text as well as JSON.
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  // Large imports run as background jobs. A run is started at once; the interval picks up any left
  // by a restart (a retried run resumes after its last recorded chunk).
  const imports = new JobRunner(app.dbs.owner, app.log).handle(importRuns.IMPORT_QUEUE, async (payload) => {
    if (typeof payload.importId === 'string') await importRuns.continueImportRun(app.dbs, payload.importId);
  });
  // Run twice: a job enqueued while the runner was finishing its last pass is picked up by the second.
  const runImportsNow = () =>
    void imports
      .runDue()
      .then(() => imports.runDue())
      .catch((error: unknown) =>
        app.log.error({ type: error instanceof Error ? error.name : 'unknown' }, 'import runner failed'),
      );
  if (app.config.env !== 'test') app.addHook('onReady', async () => imports.start(30_000));
  app.addHook('onClose', async () => imports.stop());

  /** Reads the person named in the URL; one audit event, 404 when not visible. */
  async function withPerson<T>(
    request: FastifyRequest,
    reply: FastifyReply,
    action: string,
    read: (id: string) => Promise<T | null>,
  ): Promise<T | null> {
    const params = idParam.safeParse(request.params);
    const found = params.success ? await read(params.data.id) : null;
    await app.audit.record(request, {
      action,
      subjectType: 'person',
      subjectId: params.success ? params.data.id : null,
      outcome: found ? 'success' : 'failure',
    });
    if (!found) {
      await reply.callNotFound();
      return null;
    }
    return found;
  }

  // ------------------------------------------------------------ search (POST: no personal data in URLs)
  app.get('/people/search', { config: caseWorkers }, async (_request, reply) =>
    reply.page('people/views/search.njk', { title: 'Find a person', values: {} }),
  );

  app.post('/people/search', { config: caseWorkers }, async (request, reply) => {
    const values = formFields(request.body) as Record<string, string>;
    const input: Record<string, string> = { name: '', postcode: '', identifier: '' };
    for (const [k, v] of Object.entries(values)) input[k] = typeof v === 'string' ? v : '';
    const form = validateForm(searchForm, {
      name: input.name ?? '',
      day: input['dateOfBirth-day'] ?? '',
      month: input['dateOfBirth-month'] ?? '',
      year: input['dateOfBirth-year'] ?? '',
      postcode: input.postcode ?? '',
      identifier: input.identifier ?? '',
    });
    if (!form.ok)
      return reply.code(400).page('people/views/search.njk', {
        title: 'Find a person',
        values,
        errors: form.errors,
        errorList: form.errorList,
      });
    // Need to know: the service gives each result at this user's level (at signpost, only the holding agency).
    const results = await peopleFor(db, viewerOf(request)).search(form.value);
    await app.audit.record(request, { action: 'person.search', subjectType: 'person-search', subjectId: null });
    return reply.page('people/views/search.njk', {
      title: 'Find a person',
      values,
      results,
      searched: true,
      signposted: results.some((r) => !r.name),
    });
  });

  // ------------------------------------------------------------ matches to review
  app.get('/people/matches', { config: caseWorkers }, async (request, reply) => {
    const links = await peopleFor(db, viewerOf(request)).matchQueue();
    await app.audit.record(request, { action: 'person-link.queue', subjectType: 'person-link', subjectId: null });
    return reply.page('people/views/matches.njk', {
      title: 'Possible matches to review',
      review: links.filter((l) => l.status === 'review'),
      suggested: links.filter((l) => l.status === 'suggested'),
    });
  });

  /** The match page's model: the engine's evidence in full, each record at the viewer's sharing level. */
  const matchPage = (view: MatchView) => ({ title: 'Are these the same person?', labels: COMPARISON_LABELS, ...view });
  const readMatch = (request: FastifyRequest, linkId: string) => peopleFor(db, viewerOf(request)).match(linkId);

  app.get('/people/matches/:id', { config: caseWorkers }, async (request, reply) => {
    const params = idParam.safeParse(request.params);
    const view = params.success ? await readMatch(request, params.data.id) : null;
    await app.audit.record(request, {
      action: 'person-link.view',
      subjectType: 'person-link',
      subjectId: params.success ? params.data.id : null,
      outcome: view ? 'success' : 'failure',
    });
    if (!view) return reply.callNotFound();
    return reply.page('people/views/match.njk', { ...matchPage(view), canDecide: mayDecide(request) });
  });

  app.post('/people/matches/:id', { config: linkDeciders }, async (request, reply) => {
    const params = idParam.safeParse(request.params);
    const decision = z.enum(['confirm', 'reject', 'unlink']).safeParse(formFields(request.body).decision);
    if (!params.success) return reply.callNotFound();
    if (!decision.success) {
      const view = await readMatch(request, params.data.id);
      if (!view) return reply.callNotFound();
      const problem = 'Choose whether these records are the same person';
      return reply.code(400).page('people/views/match.njk', {
        ...matchPage(view),
        canDecide: true,
        errorList: [{ text: problem, href: '#decision' }],
      });
    }
    const outcome = await service.decideLink(db, request.actor!, params.data.id, decision.data);
    await app.audit.record(request, {
      action: `person-link.${decision.data}`,
      subjectType: 'person-link',
      subjectId: params.data.id,
      outcome: outcome?.ok ? 'success' : 'failure',
    });
    if (!outcome) return reply.callNotFound();
    if (!outcome.ok) {
      const view = await readMatch(request, params.data.id);
      if (!view) return reply.callNotFound();
      return reply.code(409).page('people/views/match.njk', {
        ...matchPage(view),
        canDecide: true,
        errorList: [{ text: outcome.problem, href: '#decision' }],
      });
    }
    return reply.redirect(`/people/${outcome.personId}?decided=${decision.data}`, 303);
  });

  // ------------------------------------------------------------ import: CSV pasted by a practitioner
  app.get('/people/import', { config: importers }, async (_request, reply) =>
    reply.page('people/views/import.njk', { title: 'Import incidents', values: {}, columns: CSV_COLUMNS }),
  );

  app.post('/people/import', { config: importers }, async (request, reply) => {
    const values = formFields(request.body) as Record<string, string>;
    const parsed = csvToIncidents(typeof values.csv === 'string' ? values.csv : '');
    if (!parsed.ok) {
      return reply.code(400).page('people/views/import.njk', {
        title: 'Import incidents',
        values,
        columns: CSV_COLUMNS,
        errors: { csv: { text: parsed.problem } },
        errorList: [{ text: parsed.problem, href: '#csv' }],
      });
    }
    if (parsed.rows.length > importRuns.IMPORT_WAIT_ROWS) {
      const id = await importRuns.startImportRun(app.dbs, request.actor!, 'user', parsed.rows);
      await app.audit.record(request, { action: 'incident.import', subjectType: 'import', subjectId: id });
      runImportsNow();
      return reply.redirect(`/people/imports/${id}`, 303);
    }
    const report = await service.importIncidents(db, request.actor!, parsed.rows);
    await app.audit.record(request, { action: 'incident.import', subjectType: 'import', subjectId: null });
    return reply.page('people/views/import-report.njk', { title: 'Import report', report });
  });

  // Progress of a background import, for the agency that sent it. No script: the page says how far it
  // has got and offers to check again, so it never refreshes under a screen reader.
  app.get('/people/imports/:id', { config: importers }, async (request, reply) => {
    const params = idParam.safeParse(request.params);
    const run = params.success ? await importRuns.importRun(db, request.actor!, params.data.id) : null;
    if (!run) return reply.callNotFound();
    return reply.page('people/views/import-run.njk', {
      title: run.status === 'done' ? 'Import report' : 'Import in progress',
      run,
      report: run.report,
    });
  });

  // ------------------------------------------------------------ import: agency systems (JSON or CSV)
  app.post(
    '/api/v1/incidents/import',
    {
      config: { ...apiClient, rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        summary: 'Import incidents with the people involved (JSON or text/csv)',
        description:
          'Idempotent by source id; each row is saved whole or not at all and reported. With "Prefer: respond-async" the rows are queued as a run to poll.',
        body: importRequest,
        response: apiResponses({ 200: importReport, 202: importQueued }, 400, 401, 422, 429),
      },
      // A CSV body arrives as text and is checked row by row below; only a JSON body has an envelope to check.
      validatorCompiler: (route) => {
        const json = validatorCompiler(route as unknown as Parameters<typeof validatorCompiler>[0]);
        return (data) => (typeof data === 'string' ? { value: data } : json(data));
      },
    },
    async (request, reply) => {
      const actor = request.actor!; // the agency credential, resolved by the access check
      let rows: { ref: string; raw: unknown }[];
      if (typeof request.body === 'string') {
        const parsed = csvToIncidents(request.body);
        if (!parsed.ok)
          return sendProblem(reply, 400, 'invalid-request', parsed.problem, [{ path: '', message: parsed.problem }]);
        rows = parsed.rows;
      } else {
        rows = (request.body as z.infer<typeof importRequest>).incidents.map((raw, i) => ({
          ref: `incidents.${i}`,
          raw,
        }));
      }
      // A client that asks for it (RFC 7240 "Prefer: respond-async") gets 202 and a run to poll instead of waiting.
      if (/\brespond-async\b/.test(String(request.headers.prefer ?? ''))) {
        const id = await importRuns.startImportRun(app.dbs, actor, 'api-credential', rows);
        await app.audit.record(request, { action: 'incident.import', subjectType: 'import', subjectId: id });
        runImportsNow();
        return reply
          .code(202)
          .header('location', `/api/v1/incidents/imports/${id}`)
          .send({ id, status: 'queued', total: rows.length, processed: 0 });
      }
      const report = await service.importIncidents(db, actor, rows);
      await app.audit.record(request, { action: 'incident.import', subjectType: 'import', subjectId: null });
      return reply.code(report.rejected > 0 && report.imported + report.alreadyImported === 0 ? 422 : 200).send(report);
    },
  );

  app.get(
    '/api/v1/incidents/imports/:id',
    {
      config: apiClient,
      schema: {
        summary: 'The progress of an import run, and its report once done',
        params: importRunParams,
        response: apiResponses({ 200: importProgress }, 401, 404),
      },
    },
    async (request, reply) => {
      const actor = request.actor!; // the agency credential, resolved by the access check
      const params = idParam.safeParse(request.params);
      const run = params.success ? await importRuns.importRun(db, actor, params.data.id) : null;
      if (!run) return sendProblem(reply, 404, 'not-found', 'No import run with this id for your agency.');
      const { report, ...progress } = run;
      return reply.send({
        ...progress,
        imported: report.imported,
        alreadyImported: report.alreadyImported,
        rejected: report.rejected,
        ...(run.status === 'done' ? { rows: report.rows } : {}),
      });
    },
  );

  // ------------------------------------------------------------ perpetrator alerts between partnerships (administrators decide)
  const administrators = { access: rolesOnly('administrator') };
  const signalsPage = async (request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) =>
    reply.page('people/views/perpetrator-signals.njk', {
      title: 'Perpetrator alerts from other partnerships',
      shares: await service.perpetratorSignalsSetting(db, request.actor!),
      ...extra,
    });
  app.get('/admin/perpetrator-signals', { config: administrators }, async (request, reply) =>
    signalsPage(request, reply, { saved: (request.query as { saved?: string }).saved }),
  );
  app.post('/admin/perpetrator-signals', { config: administrators }, async (request, reply) => {
    const choice = formFields(request.body).shares;
    if (choice !== 'yes' && choice !== 'no') {
      const text = 'Select yes if this partnership shares perpetrator alerts';
      return signalsPage(request, reply.code(400), {
        errors: { shares: { text } },
        errorList: [{ text, href: '#shares' }],
      });
    }
    await service.setPerpetratorSignalsSetting(db, request.actor!, choice === 'yes');
    await app.audit.record(request, {
      action: 'perpetrator-signals.update',
      subjectType: 'partnership',
      subjectId: request.actor!.partnershipId,
    });
    return reply.redirect('/admin/perpetrator-signals?saved=1', 303);
  });

  // ------------------------------------------------------------ the whole picture
  app.get('/people/:id', { config: caseWorkers }, async (request, reply) => {
    // Need to know: the service gives each agency's records at the level the sharing policy gives this user's agency.
    const picture = await withPerson(request, reply, 'person.view', (id) =>
      peopleFor(db, viewerOf(request)).picture(id),
    );
    if (!picture) return reply;
    const decided = z
      .enum(['confirm', 'reject', 'unlink'])
      .safeParse((request.query as Record<string, unknown>).decided);
    return reply.page('people/views/person.njk', {
      title: 'Person',
      picture,
      withheld: picture.withheld,
      decided: decided.success ? decided.data : null,
      self: picture.self,
    });
  });

  app.get('/people/:id/household', { config: caseWorkers }, async (request, reply) => {
    // Need to know: the service gives each agency's relationships only where it shares its household details with this user's agency.
    const household = await withPerson(request, reply, 'household.view', (id) =>
      peopleFor(db, viewerOf(request)).household(id),
    );
    if (!household) return reply;
    return reply.page('people/views/household.njk', { title: 'Household', household });
  });
}
