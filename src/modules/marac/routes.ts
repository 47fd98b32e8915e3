import type { FastifyInstance } from 'fastify';
import { registerPages } from '../../platform/pages/register.ts';
import { startMaracJobs } from './jobs.ts';
import { maracPages } from './pages.ts';

export { createMaracJobs } from './jobs.ts';

/** The MARAC pages (one file each, listed in pages.ts) and the background jobs that run beside them. */
export async function maracRoutes(app: FastifyInstance): Promise<void> {
  startMaracJobs(app);
  registerPages(app, maracPages);
}
