import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

// A small job queue on the `background_job` table (docs/adr/0008). Claiming
// uses FOR UPDATE SKIP LOCKED, so several app instances can share the queue
// on PostgreSQL, and the same SQL runs on PGlite. Jobs run as the database
// owner: they are maintenance across partnerships (reminders), not requests.

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
}
type ColumnGenerated<T> = import('kysely').Generated<T>;

declare module '../db/schema.ts' {
  interface Database {
    background_job: BackgroundJobTable;
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

  /** Claims one due job (skipping any another worker holds), runs it, records the outcome. False when none is due. */
  async runOne(): Promise<boolean> {
    const queues = [...this.handlers.keys()];
    if (queues.length === 0) return false;
    const claimed = await this.owner.transaction().execute(async (tx) => {
      const row = await sql<{ id: string; queue: string; payload: Record<string, unknown> }>`
        SELECT id, queue, payload FROM background_job
        WHERE status = 'queued' AND run_at <= now() AND queue IN (${sql.join(queues)})
        ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`.execute(tx);
      const job = row.rows[0];
      if (!job) return null;
      await sql`UPDATE background_job SET status = 'running', attempts = attempts + 1, started_at = now() WHERE id = ${job.id}`.execute(
        tx,
      );
      return job;
    });
    if (!claimed) return false;
    try {
      await this.handlers.get(claimed.queue)!(claimed.payload ?? {});
      await sql`UPDATE background_job SET status = 'done', finished_at = now(), last_error = NULL WHERE id = ${claimed.id}`.execute(
        this.owner,
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log?.error({ job: claimed.id, queue: claimed.queue }, 'background job failed');
      // Retried with a growing delay until max_attempts, then left as failed for an operator.
      await sql`UPDATE background_job SET last_error = ${message.slice(0, 2000)}, finished_at = now(),
        status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
        run_at = now() + (attempts * interval '1 minute') WHERE id = ${claimed.id}`.execute(this.owner);
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

  /** In production: every `intervalMs`, call `tick` (which may enqueue scheduled jobs), then run what is due. */
  start(intervalMs: number, tick: () => Promise<void> = async () => undefined): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      void tick()
        .then(() => this.runDue())
        .catch((error: unknown) =>
          this.log?.error({ type: error instanceof Error ? error.name : 'unknown' }, 'job runner tick failed'),
        );
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.running) await this.running.catch(() => undefined);
  }
}
