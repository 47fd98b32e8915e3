import type { FastifyInstance } from 'fastify';
import { pagesIn } from '../../platform/pages/discover.ts';
import { registerPages } from '../../platform/pages/register.ts';

/** The home page and the accessibility statement. */
export async function homeRoutes(app: FastifyInstance): Promise<void> {
  registerPages(app, await pagesIn(import.meta.dirname));
}
