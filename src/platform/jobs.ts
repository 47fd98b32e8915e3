import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from '../db/schema.ts';

// A small job queue on the `background_job` table (docs/adr/0008). Claiming
// uses FOR UPDATE SKIP LOCKED, so several app instances can share the queue
// on PostgreSQL, and the same SQL runs on PGlite. Jobs run as the database
// owner: they are maintenance across partnerships (reminders), not requests.
//
// A claim is a lease the runner renews while the job runs (migration 0065): an
// instance killed mid-run stops renewing, and once the lease has run out any
// instance claims the job again. Mail a job sends goes through `sendOnceInJob`,
// so a job run again after a crash does not send twice what it had sent.

export interface BackgroundJobTable {
  id: ColumnGenerated<string>;
  queue: string;
  payload: unknown;
  singleton_key: string | null;
  status: 'queued' | 'running' | 'done' | 'failed';
  run_at: Date;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  started_at: Date | null;
  finished_at: Date | null;
  created_at: Date;
  claimed_until: Date | null;
  claim_token: string | null;
}
export interface JobMailSentTable {
  job_id: string;
  message_key: string;
  sent_at: ColumnGenerated<Date>;
}
type ColumnGenerated<T> = import('kysely').Generated<T>;

declare module '../db/schema.ts' {
  interface Database {
    background_job: BackgroundJobTable;
    job_mail_sent: JobMailSentTable;
  }
}

export type JobHandler = (payload: Record<string, unknown>) => Promise<void>;

export interface EnqueueOptions {
  runAt?: Date;
  /** At most one job with this key ever exists: enqueueing it again does nothing. */
  singletonKey?: string;
}

export async function enqueue(
  owner: Kysely<Database>,
  queue: string,
  payload: Record<string, unknown> = {},
  options: EnqueueOptions = {},
): Promise<boolean> {
  const result = await sql`INSERT INTO background_job (queue, payload, singleton_key, run_at)
    VALUES (${queue}, ${JSON.stringify(payload)}::jsonb, ${options.singletonKey ?? null}, ${options.runAt ?? new Date()})
    ON CONFLICT (singleton_key) DO NOTHING`.execute(owner);
  return Number(result.numAffectedRows ?? 0) === 1;
}

// How every runner in this process polls and leases: set once from the config at start.
const settings = { pollMs: null as number | null, leaseSeconds: 300 };

export function configureJobs(jobs: Config['jobs']): void {
  settings.pollMs = jobs.pollSeconds === null ? null : jobs.pollSeconds * 1000;
  settings.leaseSeconds = jobs.leaseSeconds;
}

interface RunningJob {
  id: string;
  owner: Kysely<Database>;
}
const currentJob = new AsyncLocalStorage<RunningJob>();

/**
 * Sends a message once per job: inside a job, a message already recorded as sent
 * by this job (an earlier run that crashed) is not sent again. The key is the
 * job and what the message says, so a run that finds less to send (what the
 * crashed run marked done) sends only the rest. Outside a job it just sends.
 * Between the mail server accepting a message and the record being written
 * there is a moment in which a crash would still send it twice; `messageId`
 * (stable for the key) lets a mail system drop that duplicate.
 */
export async function sendOnceInJob(
  message: unknown,
  send: (messageId: string | undefined) => Promise<void>,
): Promise<void> {
  const job = currentJob.getStore();
  if (!job) return send(undefined);
  const key = createHash('sha256').update(JSON.stringify(message)).digest('hex');
  const sent = await job.owner
    .selectFrom('job_mail_sent')
    .select('job_id')
    .where('job_id', '=', job.id)
    .where('message_key', '=', key)
    .executeTakeFirst();
  if (sent) return;
  await send(`<job-${job.id}-${key.slice(0, 32)}@wholepicture.invalid>`);
  await job.owner
    .insertInto('job_mail_sent')
    .values({ job_id: job.id, message_key: key })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export class JobRunner {
  private readonly handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly owner: Kysely<Database>,
    private readonly log?: { error(obj: object, msg: string): void },
  ) {}

  handle(queue: string, handler: JobHandler): this {
    this.handlers.set(queue, handler);
    return this;
  }

  /**
   * Claims one due job (skipping any another worker holds, and taking back any
   * whose lease ran out), runs it while renewing the lease, records the outcome.
   * False when none is due.
   */
  async runOne(): Promise<boolean> {
    const queues = [...this.handlers.keys()];
    if (queues.length === 0) return false;
    const token = randomUUID();
    const lease = settings.leaseSeconds;
    const claimed = await this.owner.transaction().execute(async (tx) => {
      // A job whose runner died each time it ran it (its lease ran out max_attempts times) is left for an operator.
      await sql`UPDATE background_job SET status = 'failed', finished_at = now(), last_error = 'the runner stopped before the job finished'
        WHERE status = 'running' AND claimed_until < now() AND attempts >= max_attempts AND queue IN (${sql.join(queues)})`.execute(
        tx,
      );
      const row = await sql<{ id: string; queue: string; payload: Record<string, unknown> }>`
        SELECT id, queue, payload FROM background_job
        WHERE queue IN (${sql.join(queues)})
          AND ((status = 'queued' AND run_at <= now()) OR (status = 'running' AND claimed_until < now()))
        ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`.execute(tx);
      const job = row.rows[0];
      if (!job) return null;
      await sql`UPDATE background_job SET status = 'running', attempts = attempts + 1, started_at = now(),
        claimed_until = now() + make_interval(secs => ${lease}), claim_token = ${token}::uuid WHERE id = ${job.id}`.execute(
        tx,
      );
      return job;
    });
    if (!claimed) return false;
    const id = String(claimed.id);
    const renew = setInterval(
      () =>
        void sql`UPDATE background_job SET claimed_until = now() + make_interval(secs => ${lease})
          WHERE id = ${id} AND claim_token = ${token}::uuid AND status = 'running'`
          .execute(this.owner)
          .catch(() => undefined),
      (lease * 1000) / 3,
    );
    renew.unref();
    try {
      await currentJob.run({ id, owner: this.owner }, () => this.handlers.get(claimed.queue)!(claimed.payload ?? {}));
      clearInterval(renew);
      await sql`UPDATE background_job SET status = 'done', finished_at = now(), last_error = NULL, claimed_until = NULL
        WHERE id = ${id} AND claim_token = ${token}::uuid`.execute(this.owner);
    } catch (error) {
      clearInterval(renew);
      const message = error instanceof Error ? error.message : String(error);
      this.log?.error({ job: id, queue: claimed.queue }, 'background job failed');
      // Retried with a growing delay until max_attempts, then left as failed for an operator.
      await sql`UPDATE background_job SET last_error = ${message.slice(0, 2000)}, finished_at = now(), claimed_until = NULL,
        status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
        run_at = now() + (attempts * interval '1 minute') WHERE id = ${id} AND claim_token = ${token}::uuid`.execute(
        this.owner,
      );
    }
    return true;
  }

  /** Runs every due job; returns how many ran. Tests call this directly instead of waiting for the interval. */
  async runDue(limit = 100): Promise<number> {
    if (this.running) return this.running;
    this.running = (async () => {
      let n = 0;
      while (n < limit && (await this.runOne())) n++;
      return n;
    })();
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }

  /**
   * In production: every `intervalMs` (or the configured JOB_POLL_SECONDS), call `tick`
   * (which may enqueue scheduled jobs), then run what is due.
   */
  start(intervalMs: number, tick: () => Promise<void> = async () => undefined): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      void tick()
        .then(() => this.runDue())
        .catch((error: unknown) =>
          this.log?.error({ type: error instanceof Error ? error.name : 'unknown' }, 'job runner tick failed'),
        );
    }, settings.pollMs ?? intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.running) await this.running.catch(() => undefined);
  }
}
