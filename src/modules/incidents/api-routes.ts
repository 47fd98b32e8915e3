import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { defineOperation, done, invalidRequest, registerOperations } from '../../platform/api/operation.ts';
import { apiResponses } from '../../platform/api/responses.ts';
import { CONTACT_TYPES, importIncidents } from '../people/service.ts';

// Each field is checked by the people module's import validation, which reports every problem by its path.
const incidentRequest = z.looseObject({}).meta({
  description: 'One incident or contact: the same fields as one row of /api/v1/incidents/import (ImportIncident).',
});
const incidentRecorded = z.object({
  id: z.uuid().optional(),
  status: z.enum(['imported', 'already-imported']),
  newPeople: z.number().int(),
});

// One incident or contact as it happens, from an agency's record system: the same
// validation and people handling as an import row, one transaction, nothing half-saved.
// Whether it is an abuse incident or a support contact follows the partnership's list
// (the database classifies it as it is stored); an abuse incident with no checklist goes
// on the recording agency's worklist.
const recordIncident = defineOperation({
  method: 'POST',
  path: '/api/v1/incidents',
  rateLimit: { max: 600, timeWindow: '1 minute' },
  schema: {
    summary: 'Record one incident or contact as it happens',
    description: `type is one of: ${Object.keys(CONTACT_TYPES).join(', ')}; the partnership's list says which are support contacts rather than abuse incidents. Sending the same sourceId again records nothing new (200).`,
    body: incidentRequest,
    response: apiResponses({ 201: incidentRecorded, 200: incidentRecorded }, 400, 401, 429),
  },
  audit: { action: 'incident.create', subjectType: 'incident' },
  handle: async ({ db, actor, body }) => {
    const report = await importIncidents(db, actor, [{ ref: 'incident', raw: body }]);
    const row = report.rows[0]!;
    if (row.status === 'rejected')
      return invalidRequest('The request does not describe a valid incident or contact.', row.problems ?? []);
    const imported = row.status === 'imported';
    return done(
      imported ? 201 : 200,
      { id: row.incidentId, status: row.status, newPeople: row.newPeople ?? 0 },
      row.incidentId ?? null,
      imported ? undefined : 'incident.resend',
    );
  },
});

export async function incidentApiRoutes(app: FastifyInstance): Promise<void> {
  registerOperations(app, [recordIncident]);
}
