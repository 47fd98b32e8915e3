import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { rolesOnly } from '../../platform/access.ts';
import { createMailer } from '../../platform/mail.ts';
import type { InviteDeps } from './service.ts';

// Who may use the administration pages, the ids their paths carry, and the mail an invitation goes by.

export const administrators = rolesOnly('administrator');
export const byId = z.object({ id: z.uuid() });

const invitesByApp = new WeakMap<FastifyInstance, InviteDeps>();

/** One mailer for the administration pages, closed with the app. */
export function startInvites(app: FastifyInstance): void {
  const mailer = createMailer(app.config, app.log);
  app.addHook('onClose', async () => mailer.close());
  invitesByApp.set(app, { config: app.config, mailer, log: app.log });
}

export function invitesOf(app: FastifyInstance): InviteDeps {
  const deps = invitesByApp.get(app);
  if (!deps) throw new Error('the administration pages were registered without their mailer');
  return deps;
}
