import type { FastifyInstance } from 'fastify';
import { anySignedIn, publicAccess } from '../access.ts';
import { SESSION_COOKIE } from './sessions.ts';
import { label } from '../language/index.ts';

// Signing out here, or everywhere, and the account page that offers it.
export async function signOutRoutes(app: FastifyInstance): Promise<void> {
  app.post('/sign-out', { config: { access: publicAccess } }, async (request, reply) => {
    if (request.sessionToken) {
      if (request.actor)
        await app.audit.record(request, { action: 'sign-out', subjectType: 'user', subjectId: request.actor.userId });
      await app.sessions.end(request.sessionToken);
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/signed-out', 303);
  });

  app.get('/signed-out', { config: { access: publicAccess } }, async (_request, reply) =>
    reply.page('auth/signed-out.njk', { title: label('auth.signed-out.title') }),
  );

  app.get('/account', { config: { access: anySignedIn } }, async (_request, reply) =>
    reply.page('auth/account.njk', { title: label('account.title'), section: 'account' }),
  );

  app.post('/account/sign-out-everywhere', { config: { access: anySignedIn } }, async (request, reply) => {
    const actor = request.actor!;
    await app.audit.record(request, { action: 'sign-out.everywhere', subjectType: 'user', subjectId: actor.userId });
    await app.sessions.endAll(actor.userId);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/signed-out', 303);
  });
}
