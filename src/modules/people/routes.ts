import type { FastifyInstance } from 'fastify';
import { registerPages } from '../../platform/pages/register.ts';
import { importApi } from './imports/api.ts';
import { startPeopleJobs } from './jobs.ts';
import { peoplePages } from './pages.ts';

/** The people pages (one file per journey, listed in pages.ts), the import API and the import jobs. */
export async function peopleRoutes(app: FastifyInstance): Promise<void> {
  startPeopleJobs(app);
  registerPages(app, peoplePages);
  await importApi(app);
}
