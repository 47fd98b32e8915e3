import type { FastifyInstance } from 'fastify';
import { registerPages } from '../../platform/pages/register.ts';
import { handoverPages } from './pages.ts';

/** The handover page (listed in pages.ts). */
export async function handoverRoutes(app: FastifyInstance): Promise<void> {
  registerPages(app, handoverPages);
}
