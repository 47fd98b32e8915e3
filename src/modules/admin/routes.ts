import type { FastifyInstance } from 'fastify';
import { registerPages } from '../../platform/pages/register.ts';
import { adminPages } from './pages.ts';
import { startInvites } from './page-rules.ts';

/** The administration pages (one file per journey, listed in pages.ts), with the mailer invitations go by. */
export async function adminRoutes(app: FastifyInstance): Promise<void> {
  startInvites(app);
  registerPages(app, adminPages);
}
