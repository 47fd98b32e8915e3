import type { FastifyInstance } from 'fastify';
import { referralRequest, type referralResponse } from './api-schema.ts';
import { createReferralJobs } from './jobs.ts';
import * as service from './service.ts';
import type { z } from 'zod';

const apiClient = { access: { kind: 'api-client' as const } };

// Agency record systems make referrals as their agency's credential. Bad input is refused with every problem by path, and nothing is saved.
export async function referralApiRoutes(app: FastifyInstance): Promise<void> {
  const jobs = createReferralJobs(app.config, app.dbs.owner, app.log);
  app.addHook('onClose', async () => {
    await jobs.runner.stop();
    jobs.mailer.close();
  });

  app.post('/api/v1/referrals', { config: { ...apiClient, rateLimit: { max: 300, timeWindow: '1 minute' } } }, async (request, reply) => {
    const parsed = referralRequest.safeParse(request.body);
    const invalid = (problems: { path: string; message: string }[]) =>
      reply.code(400).send({ error: 'invalid-request', message: 'The request does not describe a valid referral.', problems });
    if (!parsed.success) return invalid(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    const body = parsed.data;
    const created = await service.createReferral(app.dbs.app, request.actor!, {
      assessmentId: body.assessmentId, stepId: body.stepId ?? null, toAgencyId: body.toAgencyId, service: body.service, reason: body.reason,
      consentStatus: body.consentStatus, lawfulBasis: body.lawfulBasis ?? null, sharedLevel: body.sharedLevel,
    });
    if (!created.ok) return invalid(created.problems.map((p) => ({ path: p.field, message: p.message })));
    await app.audit.record(request, { action: 'referral.create', subjectType: 'referral', subjectId: created.id, outcome: 'success' });
    await jobs.arrived(created.id);
    void jobs.runner.runDue().catch(() => undefined);
    const row = await service.getReferral(app.dbs.app, request.actor!, created.id);
    const response: z.infer<typeof referralResponse> = { id: created.id, status: 'awaiting', dueAt: new Date(row!.due_at).toISOString() };
    return reply.code(201).send(response);
  });
}
