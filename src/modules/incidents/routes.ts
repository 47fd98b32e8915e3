import type { FastifyInstance } from 'fastify';
import { registerPages } from '../../platform/pages/register.ts';
import { incidentPages } from './pages.ts';

export async function incidentRoutes(app: FastifyInstance): Promise<void> {
  registerPages(app, incidentPages);
}
