import type { FastifyInstance } from 'fastify';
import { pagesIn } from '../../platform/pages/discover.ts';
import { registerPages } from '../../platform/pages/register.ts';
import { startInvites } from './page-rules.ts';

/** The administration pages (one file per journey), with the mailer invitations go by. */
export async function adminRoutes(app: FastifyInstance): Promise<void> {
  startInvites(app);
  registerPages(app, await pagesIn(import.meta.dirname));
}
