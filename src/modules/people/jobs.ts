import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Actor } from '../../db/tenancy.ts';
import { credentialActor } from '../../platform/api-credentials.ts';
import { enqueue, JobRunner } from '../../platform/jobs.ts';
import * as repo from './import-run-repository.ts';
import { createImportRun, type ImportRow } from './import-runs.ts';
import { importIncidents } from './service.ts';

// The people background jobs: large imports, carried on a chunk at a time on the owner connection,
// as every job is (docs/adr/0008-jobs-and-mail.md), importing as the run's sender.

export const IMPORT_QUEUE = 'people.import';
/** Incidents imported between two progress updates. */
const CHUNK = 25;
type Dbs = { app: Kysely<Database>; owner: Kysely<Database> };

/** Records a run as its sender and queues the job that imports it. */
export async function startImportRun(
  dbs: Dbs,
  actor: Actor,
  sentBy: 'user' | 'api-credential',
  rows: readonly ImportRow[],
): Promise<string> {
  const id = await createImportRun(dbs.app, actor, sentBy, rows);
  await enqueue(dbs.owner, IMPORT_QUEUE, { importId: id }, { singletonKey: `${IMPORT_QUEUE}:${id}` });
  return id;
}

/** The actor a run imports as: the user who sent it, or the agency system's credential, if still active in the same agency. */
async function senderOf(
  owner: Kysely<Database>,
  run: { created_by: string; sent_by: 'user' | 'api-credential'; agency_id: string; partnership_id: string },
): Promise<Actor | null> {
  if (run.sent_by === 'api-credential') {
    const credential = await repo.senderCredential(owner, run.created_by);
    return credential?.active && credential.agency_id === run.agency_id
      ? credentialActor(run.created_by, { partnershipId: run.partnership_id, agencyId: run.agency_id })
      : null;
  }
  const user = await repo.senderUser(owner, run.created_by);
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

/** The job: imports the rest of a run as its sender, recording progress after each chunk. */
export async function continueImportRun(dbs: Dbs, id: string): Promise<void> {
  const { app, owner } = dbs;
  const run = await repo.runToContinue(owner, id);
  if (!run || run.status === 'done' || run.status === 'failed') return;
  const actor = await senderOf(owner, run);
  // The sender has left the agency or the credential was revoked: nothing more is imported in their name.
  if (!actor) return void (await repo.markFinished(owner, id, 'failed'));
  await repo.markRunning(owner, id);
  const rows = (run.pending ?? []) as ImportRow[];
  for (let from = run.processed; from < rows.length; from += CHUNK) {
    const part = rows.slice(from, from + CHUNK);
    const report = await importIncidents(app, actor, part);
    await repo.recordChunk(owner, id, from + part.length, report);
  }
  await repo.markFinished(owner, id, 'done');
}

const runners = new WeakMap<FastifyInstance, () => void>();

/**
 * Starts the import runner with the app: a run is started as soon as it is queued, and the interval picks
 * up any left by a restart (a retried run resumes after its last recorded chunk). Not under test, where
 * each test runs the jobs itself.
 */
export function startPeopleJobs(app: FastifyInstance): void {
  const imports = new JobRunner(app.dbs.owner, app.log).handle(IMPORT_QUEUE, async (payload) => {
    if (typeof payload.importId === 'string') await continueImportRun(app.dbs, payload.importId);
  });
  // Run twice: a job enqueued while the runner was finishing its last pass is picked up by the second.
  runners.set(
    app,
    () =>
      void imports
        .runDue()
        .then(() => imports.runDue())
        .catch((error: unknown) =>
          app.log.error({ type: error instanceof Error ? error.name : 'unknown' }, 'import runner failed'),
        ),
  );
  if (app.config.env !== 'test') app.addHook('onReady', async () => imports.start(30_000));
  app.addHook('onClose', async () => imports.stop());
}

/** Starts a background import for a page or API request and sets it going at once. */
export async function importInBackground(
  app: FastifyInstance,
  actor: Actor,
  sentBy: 'user' | 'api-credential',
  rows: readonly ImportRow[],
): Promise<string> {
  const id = await startImportRun(app.dbs, actor, sentBy, rows);
  runners.get(app)?.();
  return id;
}
