import type { FastifyInstance } from 'fastify';
import { registerPages } from '../../platform/pages/register.ts';
import { startAccessJobs } from './jobs.ts';
import { accessPages } from './pages.ts';

/** The access pages (one file per journey, listed in pages.ts, the teams pages among them) and the access jobs. */
export async function accessRoutes(app: FastifyInstance): Promise<void> {
  startAccessJobs(app);
  registerPages(app, accessPages);
}
