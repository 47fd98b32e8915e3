import { z } from 'zod';
import { importIncident, MAX_ROWS } from './import-schema.ts';

// The incident import API's shapes, for its route schema and so its OpenAPI document.
// Rows are validated one by one (a bad row is reported, the others are saved), so the
// request schema checks only the envelope and documents what each row should be.
export const importRequest = z
  .object({
    incidents: z
      .array(z.unknown())
      .min(1, 'Send at least one incident')
      .max(MAX_ROWS, `Send at most ${MAX_ROWS} incidents at a time`)
      .meta({
        description: 'Each an incident as described by ImportIncident; each row is validated and reported on its own.',
      }),
  })
  .meta({
    description: `{"incidents": [...]} with 1 to ${MAX_ROWS} incidents, or the same as text/csv with one incident and person per line.`,
  });

z.globalRegistry.add(importIncident, { id: 'ImportIncident' });

const rowReport = z.object({
  ref: z.string(),
  sourceId: z.string().nullable(),
  status: z.enum(['imported', 'already-imported', 'rejected']),
  incidentId: z.string().optional(),
  problems: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  newPeople: z.number().int().optional(),
  suggestedLinks: z.number().int().optional(),
  linksToReview: z.number().int().optional(),
});

export const importReport = z.object({
  imported: z.number().int(),
  alreadyImported: z.number().int(),
  rejected: z.number().int(),
  rows: z.array(rowReport),
});

export const importQueued = z.object({
  id: z.uuid(),
  status: z.literal('queued'),
  total: z.number().int(),
  processed: z.number().int(),
});

export const importProgress = z.object({
  id: z.uuid(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  total: z.number().int(),
  processed: z.number().int(),
  createdAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  imported: z.number().int(),
  alreadyImported: z.number().int(),
  rejected: z.number().int(),
  rows: z.array(rowReport).optional().meta({ description: 'Each row, once the run is done' }),
});

export const importRunParams = z.object({
  id: z.string().meta({ description: 'The id returned when the run was queued' }),
});
