import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { RequestTransaction, withinRequestTransaction } from '../../db/tenancy.ts';
import { SESSION_COOKIE, SessionStore, type ResolvedSession } from '../auth/sessions.ts';
import { isRead } from './request-transaction.ts';

declare module 'fastify' {
  interface FastifyInstance {
    sessions: SessionStore;
  }
}

/**
 * A read of a page behind sign-in resolves its session as the first statement of the request's one
 * transaction (request-transaction.ts), which the database opens with the user's scope. Public pages
 * and the API (which acts as its credential) resolve it on its own, as do forms, which keep one
 * transaction per change.
 */
const readsInOneTransaction = (request: FastifyRequest): boolean => {
  return request.routeOptions.config.access?.kind === 'signed-in' && isRead(request);
};

/** Who is asking: the session cookie resolves to a signed-in user (request.actor) or to a sign-in in progress. */
export const sessions = fp(async function sessions(app: FastifyInstance) {
  app.decorate('sessions', new SessionStore(app.dbs.app, app.config.sessionIdleMinutes));
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionToken', null);

  const resolve = async (request: FastifyRequest, reply: FastifyReply, token: string) => {
    let session: ResolvedSession | null;
    if (readsInOneTransaction(request)) {
      const opened = await app.sessions.resolveOpening(token);
      session = opened.session;
      if (session?.stage === 'signed-in')
        request.requestTransaction = new RequestTransaction(app.dbs.app, session.actor, opened.tx);
      else await opened.tx.commit().execute();
    } else {
      session = await app.sessions.resolve(token);
    }
    if (session) {
      request.sessionToken = token;
      if (session.stage === 'signed-in') request.actor = session.actor;
    } else {
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
    }
  };

  // A callback hook, so what follows (the access check's audit event, the handler) runs inside the
  // request's transaction: on the embedded engine any other transaction would wait for it.
  app.addHook('preValidation', (request, reply, done) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return done();
    resolve(request, reply, token).then(() => {
      const transaction = request.requestTransaction;
      if (transaction) withinRequestTransaction(transaction, done);
      else done();
    }, done);
  });
});
