import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { enqueue, JobRunner } from '../../platform/jobs.ts';
import { label } from '../../platform/language/index.ts';
import { createMailer, sendInTheirLanguages, type Mailer } from '../../platform/mail.ts';
import { addLeadItem } from '../worklists/service.ts';
import * as repo from './repository.ts';

// Background work for referrals (docs/adr/0008): telling the receiving agency a
// referral has arrived, and escalating referrals nobody picked up in time to the
// receiving agency's lead. E-mails name no one: a count and a link behind sign-in.

export const ARRIVED_QUEUE = 'referrals.arrived';
export const ESCALATE_QUEUE = 'referrals.escalate';
export const ESCALATED_MAIL_QUEUE = 'referrals.escalated-mail';

type Log = { info(obj: object, msg: string): void; error(obj: object, msg: string): void };

/** Marks overdue referrals escalated and queues one e-mail per receiving agency, in one transaction: each referral is escalated once. */
export async function escalateOverdue(owner: Kysely<Database>, now = new Date()): Promise<number> {
  return owner.transaction().execute(async (tx) => {
    const marked = await repo.markOverdueEscalated(tx, now);
    const byAgency = new Map<string, string[]>();
    for (const r of marked) {
      byAgency.set(r.to_agency_id, [...(byAgency.get(r.to_agency_id) ?? []), r.id]);
      // On the receiving agency lead's worklist until the referral is accepted or declined (a trigger closes it).
      await addLeadItem(tx, {
        partnership_id: r.partnership_id,
        agency_id: r.to_agency_id,
        kind: 'referral-not-picked-up',
        subject_type: 'referral',
        subject_id: r.id,
        person_id: r.person_id,
        due_at: now,
      });
    }
    for (const [agencyId, ids] of byAgency) {
      ids.sort();
      // A referral is escalated only once, so its id keys the one e-mail that tells of it.
      await enqueue(
        tx,
        ESCALATED_MAIL_QUEUE,
        { agencyId, count: ids.length },
        { singletonKey: `${ESCALATED_MAIL_QUEUE}:${ids[0]}` },
      );
    }
    return marked.length;
  });
}

async function sendArrived(
  owner: Kysely<Database>,
  mailer: Mailer,
  publicUrl: string,
  referralId: string,
): Promise<void> {
  const referral = await repo.referralForMail(owner, referralId);
  if (!referral || referral.status !== 'awaiting') return;
  const users = (await repo.recipientsOf(owner, referral.to_agency_id)).filter(
    (u) => u.role === 'practitioner' || u.role === 'agency-lead',
  );
  await sendInTheirLanguages(mailer, users, () => ({
    subject: label('referrals.mail.arrived-subject'),
    text: label('referrals.mail.arrived-text', { url: `${publicUrl}/referrals` }),
  }));
}

async function sendEscalated(
  owner: Kysely<Database>,
  mailer: Mailer,
  publicUrl: string,
  agencyId: string,
  count: number,
): Promise<void> {
  const users = await repo.recipientsOf(owner, agencyId);
  const leads = users.filter((u) => u.role === 'agency-lead');
  await sendInTheirLanguages(mailer, leads.length ? leads : users, () => ({
    subject: label('referrals.mail.escalated-subject'),
    text: label('referrals.mail.escalated-text', { count, url: `${publicUrl}/referrals` }),
  }));
}

export function createReferralJobs(config: Config, owner: Kysely<Database>, log?: Log) {
  const mailer = createMailer(config, log);
  const runner = new JobRunner(owner, log)
    .handle(ARRIVED_QUEUE, async (p) => sendArrived(owner, mailer, config.publicUrl, String(p.referralId)))
    .handle(ESCALATE_QUEUE, async () => {
      await escalateOverdue(owner);
    })
    .handle(ESCALATED_MAIL_QUEUE, async (p) =>
      sendEscalated(owner, mailer, config.publicUrl, String(p.agencyId), Number(p.count)),
    );
  /** Every instance's tick enqueues the same job for its ten-minute slot; the singleton key makes it one. */
  const schedule = async (now = new Date()) => {
    const slot = new Date(Math.floor(now.getTime() / 600_000) * 600_000).toISOString();
    await enqueue(owner, ESCALATE_QUEUE, {}, { singletonKey: `${ESCALATE_QUEUE}:${slot}` });
  };
  const arrived = async (referralId: string) => {
    await enqueue(owner, ARRIVED_QUEUE, { referralId }, { singletonKey: `${ARRIVED_QUEUE}:${referralId}` });
  };
  return { runner, mailer, schedule, arrived };
}

/**
 * The referral jobs wired to an app's lifecycle, so the owner connection stays in this file: pages and API
 * routes only tell of a new referral and nudge the queue. `start` runs the schedule (not under test).
 */
export function referralJobsOf(app: FastifyInstance, options: { start?: boolean } = {}): ReferralJobs {
  // One runner per server (its owner connection keys it), however many of its pages and routes ask.
  const made = wired.get(app.dbs.owner);
  if (made) return made;
  const jobs = createReferralJobs(app.config, app.dbs.owner, app.log);
  if (options.start && app.config.env !== 'test')
    app.addHook('onReady', async () => jobs.runner.start(60_000, () => jobs.schedule()));
  app.addHook('onClose', async () => {
    await jobs.runner.stop();
    jobs.mailer.close();
  });
  const told = { arrived: jobs.arrived, runDue: () => jobs.runner.runDue() };
  wired.set(app.dbs.owner, told);
  return told;
}

export interface ReferralJobs {
  arrived: (referralId: string) => Promise<void>;
  runDue: () => Promise<unknown>;
}
const wired = new WeakMap<object, ReferralJobs>();

/** Tells the receiving agency now; the queue retries if the mail server is down. */
export async function tellArrived(app: FastifyInstance, referralId: string): Promise<void> {
  const jobs = referralJobsOf(app);
  await jobs.arrived(referralId);
  void jobs.runDue().catch(() => undefined);
}
