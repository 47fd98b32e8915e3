import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Tx } from '../../db/tenancy.ts';
import './tables.ts';

// SQL for import runs (incident_import). Reads and the first insert run as the sending agency, under
// row-level security; the job that carries a run on is given the owner connection by the job runner.

export const insertRun = (
  tx: Tx,
  run: {
    partnershipId: string;
    agencyId: string;
    createdBy: string;
    sentBy: 'user' | 'api-credential';
    rows: readonly unknown[];
  },
) =>
  tx
    .insertInto('incident_import')
    .values({
      partnership_id: run.partnershipId,
      agency_id: run.agencyId,
      created_by: run.createdBy,
      sent_by: run.sentBy,
      total: run.rows.length,
      pending: JSON.stringify(run.rows),
    })
    .returning('id')
    .executeTakeFirstOrThrow();

export const findRun = (tx: Tx, id: string) =>
  tx
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

/** As the owner (the job): what is left of a run and who sent it. */
export const runToContinue = (owner: Kysely<Database>, id: string) =>
  owner
    .selectFrom('incident_import')
    .select(['created_by', 'sent_by', 'agency_id', 'partnership_id', 'status', 'processed', 'pending'])
    .where('id', '=', id)
    .executeTakeFirst();

/** As the owner (the job): the credential a run was sent with. */
export const senderCredential = (owner: Kysely<Database>, id: string) =>
  owner.selectFrom('api_credential').select(['active', 'agency_id']).where('id', '=', id).executeTakeFirst();

/** As the owner (the job): the user who sent a run. */
export const senderUser = (owner: Kysely<Database>, id: string) =>
  owner
    .selectFrom('app_user')
    .select(['id', 'agency_id', 'partnership_id', 'role', 'display_name', 'active'])
    .where('id', '=', id)
    .executeTakeFirst();

export const markRunning = (owner: Kysely<Database>, id: string) =>
  owner.updateTable('incident_import').set({ status: 'running' }).where('id', '=', id).execute();

/** Finished (done) or given up (failed): nothing is left pending. */
export const markFinished = (owner: Kysely<Database>, id: string, status: 'done' | 'failed') =>
  owner
    .updateTable('incident_import')
    .set({ status, pending: null, finished_at: new Date() })
    .where('id', '=', id)
    .execute();

/** One chunk's report added to the run's, so a retried job starts after it. */
export const recordChunk = (
  owner: Kysely<Database>,
  id: string,
  processed: number,
  report: { imported: number; alreadyImported: number; rejected: number; rows: readonly unknown[] },
) =>
  owner
    .updateTable('incident_import')
    .set({
      processed,
      imported: sql<number>`imported + ${report.imported}`,
      already_imported: sql<number>`already_imported + ${report.alreadyImported}`,
      rejected: sql<number>`rejected + ${report.rejected}`,
      report: sql<string>`report || ${JSON.stringify(report.rows)}::jsonb`,
    })
    .where('id', '=', id)
    .execute();
