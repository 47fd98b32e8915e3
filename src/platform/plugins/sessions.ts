import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { SESSION_COOKIE, SessionStore } from '../auth/sessions.ts';

declare module 'fastify' {
  interface FastifyInstance {
    sessions: SessionStore;
  }
}

/** Who is asking: the session cookie resolves to a signed-in user (request.actor) or to a sign-in in progress. */
export const sessions = fp(async function sessions(app: FastifyInstance) {
  app.decorate('sessions', new SessionStore(app.dbs.app, app.config.sessionIdleMinutes));
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionToken', null);
  app.addHook('preValidation', async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const session = await app.sessions.resolve(token);
    if (session) {
      request.sessionToken = token;
      if (session.stage === 'signed-in') request.actor = session.actor;
    } else {
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
    }
  });
});
