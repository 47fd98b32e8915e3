import type { FastifyInstance } from 'fastify';
import { pagesIn } from '../../platform/pages/discover.ts';
import { registerPages } from '../../platform/pages/register.ts';

export async function incidentRoutes(app: FastifyInstance): Promise<void> {
  registerPages(app, await pagesIn(import.meta.dirname));
}
