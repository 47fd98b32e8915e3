import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { asActor, type Actor } from '../../db/tenancy.ts';
import * as repo from './import-run-repository.ts';
import type { ImportReport, RowReport } from './service.ts';

// Large extracts are imported by a background job (jobs.ts), a few incidents per transaction, so the
// sender sees progress and no request times out. Each incident is still saved whole or not at all, and a
// retried job starts from the last recorded chunk: incidents already saved come back "already imported".

/** Extracts up to this many incidents are imported while the sender waits; larger ones run in the background. */
export const IMPORT_WAIT_ROWS = 100;

export type ImportRow = { ref: string; raw: unknown };
export interface ImportRun {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  total: number;
  processed: number;
  createdAt: Date;
  finishedAt: Date | null;
  /** The per-row report so far (complete once the run is done). */
  report: ImportReport;
}

/** Records a run as its sender (the job is queued by jobs.ts). */
export const createImportRun = async (
  db: Kysely<Database>,
  actor: Actor,
  sentBy: 'user' | 'api-credential',
  rows: readonly ImportRow[],
): Promise<string> =>
  (
    await asActor(db, actor, (tx) =>
      repo.insertRun(tx, {
        partnershipId: actor.partnershipId,
        agencyId: actor.agencyId,
        createdBy: actor.userId,
        sentBy,
        rows,
      }),
    )
  ).id;

/** The run as its agency sees it (row-level security: only the sending agency), or null. */
export const importRun = (db: Kysely<Database>, actor: Actor, id: string): Promise<ImportRun | null> =>
  asActor(db, actor, async (tx) => {
    const row = await repo.findRun(tx, id);
    if (!row) return null;
    return {
      id: row.id,
      status: row.status,
      total: row.total,
      processed: row.processed,
      createdAt: row.created_at,
      finishedAt: row.finished_at,
      report: {
        imported: row.imported,
        alreadyImported: row.already_imported,
        rejected: row.rejected,
        rows: row.report as RowReport[],
      },
    };
  });
