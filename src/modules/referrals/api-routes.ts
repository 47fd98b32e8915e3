import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { defineOperation, done, invalidRequest, registerOperations } from '../../platform/api/operation.ts';
import { apiResponses } from '../../platform/api/responses.ts';
import { referralRequest, referralResponse } from './api-schema.ts';
import { tellArrived } from './jobs.ts';
import * as service from './service.ts';

// Agency record systems make referrals as their agency's credential. Bad input is refused with every problem by path, and nothing is saved.
const makeReferral = defineOperation({
  method: 'POST',
  path: '/api/v1/referrals',
  rateLimit: { max: 300, timeWindow: '1 minute' },
  schema: {
    summary: "Refer a victim from one of your agency's completed checklists to another service of the partnership",
    description:
      "The referral arrives in the receiving agency's queue, which is told by e-mail (naming no person). Nothing is saved when any field is invalid.",
    body: referralRequest,
    response: apiResponses({ 201: referralResponse }, 400, 401, 429),
  },
  audit: { action: 'referral.create', subjectType: 'referral' },
  handle: async ({ db, actor, body, app }) => {
    const created = await service.createReferral(db, actor, {
      assessmentId: body.assessmentId,
      stepId: body.stepId ?? null,
      toAgencyId: body.toAgencyId,
      service: body.service,
      reason: body.reason,
      consentStatus: body.consentStatus,
      lawfulBasis: body.lawfulBasis ?? null,
      sharedLevel: body.sharedLevel,
    });
    if (!created.ok)
      return invalidRequest(
        'The request does not describe a valid referral.',
        created.problems.map((p) => ({ path: p.field, message: p.message })),
      );
    await tellArrived(app, created.id);
    const row = await service.getReferral(db, actor, created.id);
    const response: z.infer<typeof referralResponse> = {
      id: created.id,
      status: 'awaiting',
      dueAt: new Date(row!.due_at).toISOString(),
    };
    return done(201, response, created.id);
  },
});

export async function referralApiRoutes(app: FastifyInstance): Promise<void> {
  registerOperations(app, [makeReferral]);
}
