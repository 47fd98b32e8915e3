import type { FastifyInstance } from 'fastify';
import { registerPages } from '../../platform/pages/register.ts';
import { startSchoolJobs } from './jobs.ts';
import { schoolPages } from './pages.ts';

/** The schools pages (one file per journey, listed in pages.ts) and the job that tells schools. */
export async function schoolRoutes(app: FastifyInstance): Promise<void> {
  startSchoolJobs(app);
  registerPages(app, schoolPages);
}
