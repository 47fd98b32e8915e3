import type { FastifyInstance } from 'fastify';
import { pagesIn } from '../../platform/pages/discover.ts';
import { registerPages } from '../../platform/pages/register.ts';
import { startAccessJobs } from './jobs.ts';

/** The access pages (one file per journey, the teams pages among them) and the access jobs. */
export async function accessRoutes(app: FastifyInstance): Promise<void> {
  startAccessJobs(app);
  registerPages(app, await pagesIn(import.meta.dirname));
}
