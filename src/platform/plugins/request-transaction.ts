import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { RequestTransaction, withinRequestTransaction } from '../../db/tenancy.ts';

declare module 'fastify' {
  interface FastifyRequest {
    requestTransaction: RequestTransaction | null;
  }
}

/**
 * A signed-in page read (GET or HEAD) runs in one transaction: its reads and
 * its audit event, committed once before the page is rendered (reply.page)
 * or, for anything else, before the reply is sent. A request that fails (a
 * 5xx) rolls back: it showed nothing, and the commit failing means the page is
 * not sent. Inside it, reach the database only through asActor as the same
 * actor: on the embedded engine any other handle would wait for this very
 * transaction.
 * Forms (POST) keep one transaction per change: a change that fails (a
 * duplicate, a stale version) is told to the user, and must not abort the
 * rest of the request. A form that only reads (a search) is a read.
 */
const READING_FORMS = new Set(['/people/search']);

export const isRead = (request: FastifyRequest): boolean =>
  request.method === 'GET' ||
  request.method === 'HEAD' ||
  (request.method === 'POST' && READING_FORMS.has(request.routeOptions.url ?? ''));

export const requestTransaction = fp(async function requestTransaction(app: FastifyInstance) {
  app.decorateRequest('requestTransaction', null);
  // A callback hook, so the handler runs inside the scope (an async hook's context would not reach it).
  app.addHook('preHandler', (request, _reply, done) => {
    if (!request.actor || !isRead(request)) return done();
    // A request sent on to the not-found page passes here again: it keeps the transaction it has.
    const transaction = request.requestTransaction ?? new RequestTransaction(app.dbs.app, request.actor);
    request.requestTransaction = transaction;
    withinRequestTransaction(transaction, done);
  });
  app.addHook('preSerialization', async (request, reply, payload) => {
    await finishRequestTransaction(request, reply);
    return payload;
  });
  app.addHook('onSend', async (request, reply, payload) => {
    await finishRequestTransaction(request, reply);
    return payload;
  });
  // Whatever happened (the client went away, an error while sending), never leave it open.
  app.addHook('onResponse', async (request) => request.requestTransaction?.rollback());
  app.addHook('onRequestAbort', async (request) => request.requestTransaction?.rollback());
});

/** Commits the request's transaction, or rolls it back when the request failed (a 5xx). */
export async function finishRequestTransaction(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const transaction = request.requestTransaction;
  if (!transaction || transaction.finished) return;
  if (reply.statusCode >= 500) await transaction.rollback();
  else await transaction.commit();
}

/** True while the request holds a transaction that must finish before its page is rendered. */
export const holdsRequestTransaction = (request: FastifyRequest): boolean =>
  !!request.requestTransaction && !request.requestTransaction.finished;
