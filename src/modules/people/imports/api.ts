import type { FastifyInstance } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { defineOperation, done, problem, registerOperations } from '../../../platform/api/operation.ts';
import { apiResponses } from '../../../platform/api/responses.ts';
import { importProgress, importQueued, importReport, importRequest, importRunParams } from '../api-schema.ts';
import { importRun } from '../import-runs.ts';
import { csvToIncidents } from '../import-schema.ts';
import { importInBackground } from '../jobs.ts';
import * as service from '../service.ts';

// Agency systems send their extracts (JSON or CSV). API operations are described by their Zod schemas
// (served as OpenAPI) and answer with problem documents; the agency credential is the request's actor.

const importIncidents = defineOperation({
  method: 'POST',
  path: '/api/v1/incidents/import',
  rateLimit: { max: 60, timeWindow: '1 minute' },
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
  audit: { action: 'incident.import', subjectType: 'import' },
  handle: async ({ request, app, db, actor, body }) => {
    let rows: { ref: string; raw: unknown }[];
    if (typeof body === 'string') {
      const parsed = csvToIncidents(body);
      if (!parsed.ok) return problem(400, 'invalid-request', parsed.problem, [{ path: '', message: parsed.problem }]);
      rows = parsed.rows;
    } else {
      rows = body.incidents.map((raw, i) => ({ ref: `incidents.${i}`, raw }));
    }
    // A client that asks for it (RFC 7240 "Prefer: respond-async") gets 202 and a run to poll instead of waiting.
    if (/\brespond-async\b/.test(String(request.headers.prefer ?? ''))) {
      const id = await importInBackground(app, actor, 'api-credential', rows);
      const queued = { id, status: 'queued', total: rows.length, processed: 0 };
      return done(202, queued, id, undefined, { location: `/api/v1/incidents/imports/${id}` });
    }
    const report = await service.importIncidents(db, actor, rows);
    return done(report.rejected > 0 && report.imported + report.alreadyImported === 0 ? 422 : 200, report, null);
  },
});

const importProgressOf = defineOperation({
  method: 'GET',
  path: '/api/v1/incidents/imports/:id',
  schema: {
    summary: 'The progress of an import run, and its report once done',
    params: importRunParams,
    response: apiResponses({ 200: importProgress }, 401, 404),
  },
  // A run's progress names no one: each row's people were audited when the run imported them.
  audit: null,
  handle: async ({ db, actor, params }) => {
    // An id that is not one of ours (not even a uuid) names no run.
    const id = z.uuid().safeParse(params.id);
    const run = id.success ? await importRun(db, actor, id.data) : null;
    if (!run) return problem(404, 'not-found', 'No import run with this id for your agency.');
    const { report, ...progress } = run;
    return done(
      200,
      {
        ...progress,
        imported: report.imported,
        alreadyImported: report.alreadyImported,
        rejected: report.rejected,
        ...(run.status === 'done' ? { rows: report.rows } : {}),
      },
      null,
    );
  },
});

export async function importApi(app: FastifyInstance): Promise<void> {
  // Agency systems may send the daily extract as CSV text as well as JSON.
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  registerOperations(app, [importIncidents, importProgressOf]);
}
