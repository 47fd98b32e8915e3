import type { FastifyInstance } from 'fastify';
import { pagesIn } from '../../platform/pages/discover.ts';
import { registerPages } from '../../platform/pages/register.ts';
import { startMaracJobs } from './jobs.ts';

export { createMaracJobs } from './jobs.ts';

/** The MARAC pages (one file each) and the background jobs that run beside them. */
export async function maracRoutes(app: FastifyInstance): Promise<void> {
  startMaracJobs(app);
  registerPages(app, await pagesIn(import.meta.dirname));
}
