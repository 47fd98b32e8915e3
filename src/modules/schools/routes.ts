import type { FastifyInstance } from 'fastify';
import { pagesIn } from '../../platform/pages/discover.ts';
import { registerPages } from '../../platform/pages/register.ts';
import { startSchoolJobs } from './jobs.ts';

/** The schools pages (one file per journey) and the job that tells schools. */
export async function schoolRoutes(app: FastifyInstance): Promise<void> {
  startSchoolJobs(app);
  registerPages(app, await pagesIn(import.meta.dirname));
}
