import { sql, type Kysely } from 'kysely';
import type { FastifyRequest } from 'fastify';
import type { Database } from '../db/schema.ts';
import { asActor, asAnonymous } from '../db/tenancy.ts';
import { peopleShownTo } from '../modules/access/viewer.ts';

export interface AuditEntry {
  action: string;
  subjectType?: string | null;
  subjectId?: string | null;
  outcome?: 'success' | 'denied' | 'failure';
  /** People the request showed something about, besides the subject (the gate adds those it gave the viewer). */
  about?: readonly string[];
}

/**
 * Writes audit events. Each event is its own short transaction so the chain
 * lock is held for microseconds, and it is written before the page is sent:
 * if the audit write fails, the reader gets an error, not the record.
 * Events carry ids only, never names or other personal data. An event names
 * the people the request's viewer was given something about (viewer.ts), so
 * the read is in each of those people's access log.
 */
export class AuditLog {
  constructor(private readonly db: Kysely<Database>) {}

  async record(request: Pick<FastifyRequest, 'actor' | 'id'>, entry: AuditEntry): Promise<number> {
    const about = [...new Set([...(entry.about ?? []), ...peopleShownTo(request)])];
    const write = (tx: Kysely<Database>) => about.length && request.actor
      ? sql<{ id: string }>`SELECT audit_record_about(${entry.action}, ${entry.subjectType ?? null}, ${entry.subjectId ?? null},
        ${entry.outcome ?? 'success'}, ${String(request.id)}, ${about}::uuid[]) AS id`.execute(tx)
      : sql<{ id: string }>`SELECT audit_record(${entry.action}, ${entry.subjectType ?? null}, ${entry.subjectId ?? null},
        ${entry.outcome ?? 'success'}, ${String(request.id)}) AS id`.execute(tx);
    const result = request.actor ? await asActor(this.db, request.actor, write) : await asAnonymous(this.db, write);
    return Number(result.rows[0]?.id);
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    audit: AuditLog;
  }
}
