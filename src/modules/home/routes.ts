import type { FastifyInstance } from 'fastify';
import { registerPages } from '../../platform/pages/register.ts';
import { accessibility, home } from './start/home.ts';

/** The home page and the accessibility statement. */
export async function homeRoutes(app: FastifyInstance): Promise<void> {
  registerPages(app, [home, accessibility]);
}
