import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { asActor, type Actor } from '../../db/tenancy.ts';
import { credentialActor } from '../../platform/api-credentials.ts';
import { enqueue } from '../../platform/jobs.ts';
import { importIncidents, type ImportReport, type RowReport } from './service.ts';
import './tables.ts';

// Large extracts are imported by a background job, a few incidents per transaction, so the sender
// sees progress and no request times out. Each incident is still saved whole or not at all, and a
// retried job starts from the last recorded chunk: incidents already saved come back "already imported".

/** Extracts up to this many incidents are imported while the sender waits; larger ones run in the background. */
export const IMPORT_WAIT_ROWS = 100;
/** Incidents imported between two progress updates. */
const CHUNK = 25;
export const IMPORT_QUEUE = 'people.import';

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

export async function startImportRun(
  dbs: { app: Kysely<Database>; owner: Kysely<Database> },
  actor: Actor,
  sentBy: 'user' | 'api-credential',
  rows: readonly ImportRow[],
): Promise<string> {
  const { id } = await asActor(dbs.app, actor, (tx) =>
    tx
      .insertInto('incident_import')
      .values({
        partnership_id: actor.partnershipId,
        agency_id: actor.agencyId,
        created_by: actor.userId,
        sent_by: sentBy,
        total: rows.length,
        pending: JSON.stringify(rows),
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  await enqueue(dbs.owner, IMPORT_QUEUE, { importId: id }, { singletonKey: `${IMPORT_QUEUE}:${id}` });
  return id;
}

/** The run as its agency sees it (row-level security: only the sending agency), or null. */
export const importRun = (db: Kysely<Database>, actor: Actor, id: string): Promise<ImportRun | null> =>
  asActor(db, actor, async (tx) => {
    const row = await tx
      .selectFrom('incident_import')
      .select([
        'id',
        'status',
        'total',
        'processed',
        'imported',
        'already_imported',
        'rejected',
        'report',
        'created_at',
        'finished_at',
      ])
      .where('id', '=', id)
      .executeTakeFirst();
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

/** The actor a run imports as: the user who sent it, or the agency system's credential, if still active in the same agency. */
async function senderOf(
  owner: Kysely<Database>,
  run: { created_by: string; sent_by: 'user' | 'api-credential'; agency_id: string; partnership_id: string },
): Promise<Actor | null> {
  if (run.sent_by === 'api-credential') {
    const credential = await owner
      .selectFrom('api_credential')
      .select(['active', 'agency_id'])
      .where('id', '=', run.created_by)
      .executeTakeFirst();
    return credential?.active && credential.agency_id === run.agency_id
      ? credentialActor(run.created_by, { partnershipId: run.partnership_id, agencyId: run.agency_id })
      : null;
  }
  const user = await owner
    .selectFrom('app_user')
    .select(['id', 'agency_id', 'partnership_id', 'role', 'display_name', 'active'])
    .where('id', '=', run.created_by)
    .executeTakeFirst();
  return user?.active && user.agency_id === run.agency_id
    ? {
        userId: user.id,
        partnershipId: user.partnership_id,
        agencyId: user.agency_id,
        role: user.role,
        displayName: user.display_name,
      }
    : null;
}

/** The job: imports the rest of a run, recording progress after each chunk. */
export async function continueImportRun(
  dbs: { app: Kysely<Database>; owner: Kysely<Database> },
  id: string,
): Promise<void> {
  const { owner } = dbs;
  const run = await owner
    .selectFrom('incident_import')
    .select(['created_by', 'sent_by', 'agency_id', 'partnership_id', 'status', 'processed', 'pending'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!run || run.status === 'done' || run.status === 'failed') return;
  const actor = await senderOf(owner, run);
  if (!actor) {
    // The sender has left the agency or the credential was revoked: nothing more is imported in their name.
    await owner
      .updateTable('incident_import')
      .set({ status: 'failed', pending: null, finished_at: new Date() })
      .where('id', '=', id)
      .execute();
    return;
  }
  await owner.updateTable('incident_import').set({ status: 'running' }).where('id', '=', id).execute();
  const rows = (run.pending ?? []) as ImportRow[];
  for (let from = run.processed; from < rows.length; from += CHUNK) {
    const part = rows.slice(from, from + CHUNK);
    const report = await importIncidents(dbs.app, actor, part);
    await owner
      .updateTable('incident_import')
      .set({
        processed: from + part.length,
        imported: sql<number>`imported + ${report.imported}`,
        already_imported: sql<number>`already_imported + ${report.alreadyImported}`,
        rejected: sql<number>`rejected + ${report.rejected}`,
        report: sql<string>`report || ${JSON.stringify(report.rows)}::jsonb`,
      })
      .where('id', '=', id)
      .execute();
  }
  await owner
    .updateTable('incident_import')
    .set({ status: 'done', pending: null, finished_at: new Date() })
    .where('id', '=', id)
    .execute();
}
