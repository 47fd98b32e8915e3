import { sql, type Kysely } from 'kysely';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../db/schema.ts';
import { asActor, asAnonymous } from '../db/tenancy.ts';
import { peopleShownTo } from '../modules/access/service.ts';
import { AuditCheckpoints, FileCheckpointSink, checkpointKey } from './audit-checkpoints.ts';

export interface AuditEntry {
  action: string;
  subjectType?: string | null;
  subjectId?: string | null;
  outcome?: 'success' | 'denied' | 'failure';
  /** People the request showed something about, besides the subject (the gate adds those it gave the viewer). */
  about?: readonly string[];
}

/**
 * Writes audit events: a plain insert (sealing into the chain never makes a
 * writer wait), written before the page is sent. In a page read it goes in the
 * request's transaction (asActor finds it), so the reads and their event commit
 * together, before rendering; if the event cannot be written, the reader gets
 * an error, not the record. Otherwise it is a short transaction of its own.
 * Events carry ids only, never names or other personal data. An event names
 * the people the request's viewer was given something about (viewer.ts), so
 * the read is in each of those people's access log.
 */
export class AuditLog {
  constructor(private readonly db: Kysely<Database>) {}

  async record(request: Pick<FastifyRequest, 'actor' | 'id'>, entry: AuditEntry): Promise<number> {
    const about = [...new Set([...(entry.about ?? []), ...peopleShownTo(request)])];
    const write = (tx: Kysely<Database>) =>
      about.length && request.actor
        ? sql<{
            id: string;
          }>`SELECT audit_record_about(${entry.action}, ${entry.subjectType ?? null}, ${entry.subjectId ?? null},
        ${entry.outcome ?? 'success'}, ${String(request.id)}, ${about}::uuid[]) AS id`.execute(tx)
        : sql<{
            id: string;
          }>`SELECT audit_record(${entry.action}, ${entry.subjectType ?? null}, ${entry.subjectId ?? null},
        ${entry.outcome ?? 'success'}, ${String(request.id)}) AS id`.execute(tx);
    const result = request.actor ? await asActor(this.db, request.actor, write) : await asAnonymous(this.db, write);
    return Number(result.rows[0]?.id);
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    audit: AuditLog;
    auditCheckpoints: AuditCheckpoints;
  }
}

/**
 * The service's side of the audit chain: seals pending events every few
 * seconds and signs a checkpoint at an interval (not in tests, which call
 * `app.auditCheckpoints` directly), with the key from config.
 */
export function registerAuditCheckpoints(app: FastifyInstance): void {
  const { audit } = app.config;
  const sink = audit.checkpointFile ? new FileCheckpointSink(audit.checkpointFile) : null;
  const checkpoints = new AuditCheckpoints(app.dbs.app, checkpointKey(audit.checkpointKey), sink, app.log);
  app.decorate('auditCheckpoints', checkpoints);
  if (app.config.env !== 'test')
    app.addHook('onReady', async () => checkpoints.start(audit.sealSeconds, audit.checkpointMinutes));
  app.addHook('onClose', async () => checkpoints.stop());
}
