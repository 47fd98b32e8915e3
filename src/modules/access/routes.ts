import type { FastifyInstance } from 'fastify';
import { registerPages } from '../../platform/pages/register.ts';
import { startAccessJobs } from './jobs.ts';
import { accessPages } from './pages.ts';
import { teamRoutes } from './teams/routes.ts';

/** The access pages (one file per journey, listed in pages.ts), the teams pages and the access jobs. */
export async function accessRoutes(app: FastifyInstance): Promise<void> {
  startAccessJobs(app);
  registerPages(app, accessPages);
  await app.register(teamRoutes);
}
