import type { FastifyInstance } from 'fastify';
import { importIncidents } from '../people/service.ts';
import { z } from 'zod';
import { CONTACT_TYPES } from '../people/service.ts';
import { apiResponses } from '../../platform/api/responses.ts';
import { sendProblem } from '../../platform/api/problem.ts';

// Each field is checked by the people module's import validation, which reports every problem by its path.
const incidentRequest = z.looseObject({}).meta({
  description: 'One incident or contact: the same fields as one row of /api/v1/incidents/import (ImportIncident).',
});
const incidentRecorded = z.object({
  id: z.uuid().optional(),
  status: z.enum(['imported', 'already-imported']),
  newPeople: z.number().int(),
});

const apiClient = { access: { kind: 'api-client' as const } };

// One incident or contact as it happens, from an agency's record system: the same
// validation and people handling as an import row, one transaction, nothing half-saved.
// Whether it is an abuse incident or a support contact follows the partnership's list
// (the database classifies it as it is stored); an abuse incident with no checklist goes
// on the recording agency's worklist.
export async function incidentApiRoutes(app: FastifyInstance): Promise<void> {
  app.post(
    '/api/v1/incidents',
    {
      config: { ...apiClient, rateLimit: { max: 600, timeWindow: '1 minute' } },
      schema: {
        summary: 'Record one incident or contact as it happens',
        description: `type is one of: ${Object.keys(CONTACT_TYPES).join(', ')}; the partnership's list says which are support contacts rather than abuse incidents. Sending the same sourceId again records nothing new (200).`,
        body: incidentRequest,
        response: apiResponses({ 201: incidentRecorded, 200: incidentRecorded }, 400, 401, 429),
      },
    },
    async (request, reply) => {
      const body = request.body;
      const report = await importIncidents(app.dbs.app, request.actor!, [{ ref: 'incident', raw: body }]);
      const row = report.rows[0]!;
      if (row.status === 'rejected') {
        return sendProblem(
          reply,
          400,
          'invalid-request',
          'The request does not describe a valid incident or contact.',
          row.problems ?? [],
        );
      }
      await app.audit.record(request, {
        action: row.status === 'imported' ? 'incident.create' : 'incident.resend',
        subjectType: 'incident',
        subjectId: row.incidentId ?? null,
        outcome: 'success',
      });
      return reply
        .code(row.status === 'imported' ? 201 : 200)
        .send({ id: row.incidentId, status: row.status, newPeople: row.newPeople ?? 0 });
    },
  );
}
