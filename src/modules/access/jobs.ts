import type { FastifyInstance } from 'fastify';
import { enqueue, JobRunner } from '../../platform/jobs.ts';
import { createMailer } from '../../platform/mail.ts';
import { escalateUnreviewedGrants, tellRecordingAgencies } from './escalation.ts';

// The access jobs, on the owner connection as every job is (docs/adr/0008-jobs-and-mail.md):
// the hourly escalation of unreviewed break-glass, and telling recording agencies of an approval.

export const ESCALATION_QUEUE = 'access.break-glass-escalation';
const APPROVAL_QUEUE = 'access.restricted-approved';

const runners = new WeakMap<FastifyInstance, JobRunner>();

/** Starts the jobs with the app (not under test, where each test runs them itself) and stops them with it. */
export function startAccessJobs(app: FastifyInstance): void {
  const mailer = createMailer(app.config, app.log);
  const { owner } = app.dbs;
  const jobs = new JobRunner(owner, app.log)
    .handle(ESCALATION_QUEUE, async () => {
      await escalateUnreviewedGrants(owner, mailer, app.config.publicUrl);
    })
    .handle(APPROVAL_QUEUE, async (payload) => {
      const agencyIds = Array.isArray(payload.agencyIds) ? payload.agencyIds.map(String) : [];
      await tellRecordingAgencies(owner, mailer, app.config.publicUrl, agencyIds);
    });
  runners.set(app, jobs);
  if (app.config.env !== 'test') {
    app.addHook('onReady', async () =>
      jobs.start(60 * 60_000, async () => {
        const on = new Date().toISOString().slice(0, 10);
        await enqueue(owner, ESCALATION_QUEUE, { on }, { singletonKey: `${ESCALATION_QUEUE}:${on}` });
      }),
    );
  }
  app.addHook('onClose', async () => {
    await jobs.stop();
    mailer.close();
  });
}

/** Queues the e-mail to the agencies whose restricted details a request was approved to see, and sends it now. */
export async function approvalToTell(app: FastifyInstance, agencyIds: readonly string[]): Promise<void> {
  if (agencyIds.length === 0) return;
  await enqueue(app.dbs.owner, APPROVAL_QUEUE, { agencyIds: [...agencyIds] });
  void runners
    .get(app)
    ?.runDue()
    .catch(() => undefined);
}
