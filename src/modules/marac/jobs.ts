import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { enqueue, JobRunner } from '../../platform/jobs.ts';
import { createMailer } from '../../platform/mail.ts';
import * as service from './service.ts';

// The MARAC background jobs: overdue-action reminders (daily) and research reminders (on request).
// They run on the owner connection, as every job does (docs/adr/0008-jobs-and-mail.md).

const OVERDUE_QUEUE = 'marac.overdue-reminders';
const RESEARCH_QUEUE = 'marac.research-reminders';

export type ResearchReminders = Parameters<typeof service.sendResearchReminders>[3];
type Log = { info(obj: object, msg: string): void; error(obj: object, msg: string): void };

/** The MARAC background jobs, wired to the mailer. The app runs them on an interval; tests call runDue() directly. */
export function createMaracJobs(config: Config, owner: Kysely<Database>, log?: Log) {
  const mailer = createMailer(config, log);
  const runner = new JobRunner(owner, log)
    .handle(OVERDUE_QUEUE, async (payload) => {
      await service.sendOverdueReminders(
        owner,
        mailer,
        config.publicUrl,
        typeof payload.on === 'string' ? payload.on : undefined,
      );
    })
    .handle(RESEARCH_QUEUE, async (payload) => {
      await service.sendResearchReminders(owner, mailer, config.publicUrl, payload as ResearchReminders);
    });
  /** Once a day: the singleton key makes every instance's tick enqueue the same single job. */
  const scheduleDaily = async (on = new Date().toISOString().slice(0, 10)) => {
    await enqueue(owner, OVERDUE_QUEUE, { on }, { singletonKey: `${OVERDUE_QUEUE}:${on}` });
  };
  return { runner, mailer, scheduleDaily };
}

type MaracJobs = ReturnType<typeof createMaracJobs>;
const running = new WeakMap<FastifyInstance, MaracJobs>();

/** Starts the jobs with the app (not under test, where each test runs them itself) and stops them with it. */
export function startMaracJobs(app: FastifyInstance): void {
  const jobs = createMaracJobs(app.config, app.dbs.owner, app.log);
  running.set(app, jobs);
  if (app.config.env !== 'test') {
    app.addHook('onReady', async () => jobs.runner.start(10 * 60_000, () => jobs.scheduleDaily()));
  }
  app.addHook('onClose', async () => {
    await jobs.runner.stop();
    jobs.mailer.close();
  });
}

/** Queues the research reminders and sends them now; the queue retries if the mail server is down. */
export async function remindAboutResearch(app: FastifyInstance, payload: ResearchReminders): Promise<void> {
  await enqueue(app.dbs.owner, RESEARCH_QUEUE, payload);
  void running
    .get(app)
    ?.runner.runDue()
    .catch(() => undefined);
}
