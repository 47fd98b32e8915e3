import type { FastifyInstance } from 'fastify';
import { pagesIn } from '../../platform/pages/discover.ts';
import { registerPages } from '../../platform/pages/register.ts';
import { importApi } from './imports/api.ts';
import { startPeopleJobs } from './jobs.ts';

/** The people pages (one file per journey), the import API and the import jobs. */
export async function peopleRoutes(app: FastifyInstance): Promise<void> {
  startPeopleJobs(app);
  registerPages(app, await pagesIn(import.meta.dirname));
  await importApi(app);
}
