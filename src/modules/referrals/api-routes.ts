import type { FastifyInstance } from 'fastify';
import { referralRequest, referralResponse } from './api-schema.ts';
import { apiResponses } from '../../platform/api/responses.ts';
import { sendProblem } from '../../platform/api/problem.ts';
import { referralJobsOf } from './jobs.ts';
import * as service from './service.ts';
import type { z } from 'zod';

const apiClient = { access: { kind: 'api-client' as const } };

// Agency record systems make referrals as their agency's credential. Bad input is refused with every problem by path, and nothing is saved.
export async function referralApiRoutes(app: FastifyInstance): Promise<void> {
  const jobs = referralJobsOf(app);

  app.post(
    '/api/v1/referrals',
    {
      config: { ...apiClient, rateLimit: { max: 300, timeWindow: '1 minute' } },
      schema: {
        summary: "Refer a victim from one of your agency's completed checklists to another service of the partnership",
        description:
          "The referral arrives in the receiving agency's queue, which is told by e-mail (naming no person). Nothing is saved when any field is invalid.",
        body: referralRequest,
        response: apiResponses({ 201: referralResponse }, 400, 401, 429),
      },
    },
    async (request, reply) => {
      const invalid = (problems: { path: string; message: string }[]) =>
        sendProblem(reply, 400, 'invalid-request', 'The request does not describe a valid referral.', problems);
      const body = request.body as z.infer<typeof referralRequest>; // validated by the route schema
      const created = await service.createReferral(app.dbs.app, request.actor!, {
        assessmentId: body.assessmentId,
        stepId: body.stepId ?? null,
        toAgencyId: body.toAgencyId,
        service: body.service,
        reason: body.reason,
        consentStatus: body.consentStatus,
        lawfulBasis: body.lawfulBasis ?? null,
        sharedLevel: body.sharedLevel,
      });
      if (!created.ok) return invalid(created.problems.map((p) => ({ path: p.field, message: p.message })));
      await app.audit.record(request, {
        action: 'referral.create',
        subjectType: 'referral',
        subjectId: created.id,
        outcome: 'success',
      });
      await jobs.arrived(created.id);
      void jobs.runDue().catch(() => undefined);
      const row = await service.getReferral(app.dbs.app, request.actor!, created.id);
      const response: z.infer<typeof referralResponse> = {
        id: created.id,
        status: 'awaiting',
        dueAt: new Date(row!.due_at).toISOString(),
      };
      return reply.code(201).send(response);
    },
  );
}
