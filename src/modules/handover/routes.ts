import type { FastifyInstance } from 'fastify';
import { pagesIn } from '../../platform/pages/discover.ts';
import { registerPages } from '../../platform/pages/register.ts';

/** The handover page. */
export async function handoverRoutes(app: FastifyInstance): Promise<void> {
  registerPages(app, await pagesIn(import.meta.dirname));
}
