import type { FastifyInstance } from 'fastify';
import { importIncidents } from '../people/service.ts';
import { CONTACT_TYPES } from '../people/import-schema.ts';

const apiClient = { access: { kind: 'api-client' as const } };

// One incident or contact as it happens, from an agency's record system: the same
// validation and people handling as an import row, one transaction, nothing half-saved.
// Whether it is an abuse incident or a support contact follows the partnership's list
// (the database classifies it as it is stored); an abuse incident with no checklist goes
// on the recording agency's worklist.
export async function incidentApiRoutes(app: FastifyInstance): Promise<void> {
  app.post('/api/v1/incidents', { config: { ...apiClient, rateLimit: { max: 600, timeWindow: '1 minute' } } }, async (request, reply) => {
    const body = request.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      return reply.code(400).send({ error: 'invalid-request', message: 'Send one incident or contact as a JSON object.', problems: [{ path: '', message: 'must be an object' }] });
    }
    const report = await importIncidents(app.dbs.app, request.actor!, [{ ref: 'incident', raw: body }]);
    const row = report.rows[0]!;
    if (row.status === 'rejected') {
      return reply.code(400).send({ error: 'invalid-request', message: 'The request does not describe a valid incident or contact.', problems: row.problems ?? [] });
    }
    await app.audit.record(request, { action: row.status === 'imported' ? 'incident.create' : 'incident.resend', subjectType: 'incident', subjectId: row.incidentId ?? null, outcome: 'success' });
    return reply.code(row.status === 'imported' ? 201 : 200).send({ id: row.incidentId, status: row.status, newPeople: row.newPeople ?? 0 });
  });
}

/** For the OpenAPI document. */
export function incidentOpenApi() {
  return {
    '/api/v1/incidents': {
      post: {
        summary: 'Record one incident or contact as it happens (the same fields as one row of /api/v1/incidents/import). '
          + `type is one of: ${Object.keys(CONTACT_TYPES).join(', ')}; the partnership's list says which are support contacts rather than abuse incidents. `
          + 'Sending the same sourceId again records nothing new.',
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
        responses: {
          201: { description: 'Recorded: { id, status: "imported", newPeople }' },
          200: { description: 'Already recorded under this sourceId: { id, status: "already-imported" }' },
          400: { description: 'Invalid; every problem is listed with its path; nothing is saved', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
          401: { description: 'Missing or invalid credential', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        },
      },
    },
  };
}
