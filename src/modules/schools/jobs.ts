import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { enqueue, JobRunner } from '../../platform/jobs.ts';
import { createMailer } from '../../platform/mail.ts';
import * as service from './service.ts';

// The schools job (docs/adr/0008): every minute, notices for the police abuse incidents noted since
// the last run, then one e-mail per notice to the school's safeguarding contacts.

export const FIND_QUEUE = 'schools.make-notices';
type Log = { info(obj: object, msg: string): void; error(obj: object, msg: string): void };

export function createSchoolJobs(config: Config, owner: Kysely<Database>, log?: Log) {
  const mailer = createMailer(config, log);
  const runner = new JobRunner(owner, log)
    .handle(FIND_QUEUE, async () => {
      await service.makeNotices(owner);
    })
    .handle(service.NOTICE_MAIL_QUEUE, async (p) =>
      service.sendNotice(owner, mailer, config.publicUrl, String(p.noticeId)),
    );
  /** Every instance's tick enqueues the same job for its one-minute slot; the singleton key makes it one. */
  const schedule = async (now = new Date()) => {
    const slot = new Date(Math.floor(now.getTime() / 60_000) * 60_000).toISOString();
    await enqueue(owner, FIND_QUEUE, {}, { singletonKey: `${FIND_QUEUE}:${slot}` });
  };
  return { runner, mailer, schedule };
}

/** Starts the schools job with the app (not under test, where each test runs it itself) and stops it with it. */
export function startSchoolJobs(app: FastifyInstance): void {
  const jobs = createSchoolJobs(app.config, app.dbs.owner, app.log);
  if (app.config.env !== 'test') app.addHook('onReady', async () => jobs.runner.start(60_000, () => jobs.schedule()));
  app.addHook('onClose', async () => {
    await jobs.runner.stop();
    jobs.mailer.close();
  });
}
