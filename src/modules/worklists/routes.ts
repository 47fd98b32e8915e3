import type { FastifyInstance } from 'fastify';
import { registerPages } from '../../platform/pages/register.ts';
import { worklistPages } from './pages.ts';

export async function worklistRoutes(app: FastifyInstance): Promise<void> {
  registerPages(app, worklistPages);
}
