import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { createViewEnvironment } from '../views/nunjucks.ts';
import { ANON_COOKIE, csrfTokenFor, newToken } from '../auth/sessions.ts';
import { cookieOptions } from './cookies.ts';
import { languageChoices } from './language.ts';
import { finishRequestTransaction, holdsRequestTransaction } from './request-transaction.ts';

declare module 'fastify' {
  interface FastifyReply {
    page(template: string, context?: Record<string, unknown>): FastifyReply;
  }
}

/** `reply.page(template, model)`: renders a page with the signed-in user, a CSRF token for its forms and the CSP nonce. */
export const views = fp(async function views(app: FastifyInstance) {
  const environment = createViewEnvironment();
  const { sessionSecret } = app.config;

  function ensureAnonCookie(reply: FastifyReply): string {
    const token = newToken();
    reply.setCookie(ANON_COOKIE, token, cookieOptions(app.config));
    reply.request.cookies[ANON_COOKIE] = token;
    return token;
  }

  app.decorateReply('page', function (this: FastifyReply, template: string, context: Record<string, unknown> = {}) {
    const request = this.request;
    // The request's transaction commits before the template renders: no connection waits on rendering,
    // and a page whose audit event did not commit is never sent. Awaiting the reply waits for the send.
    if (holdsRequestTransaction(request)) {
      finishRequestTransaction(request, this).then(
        () => this.page(template, context),
        (error: unknown) => this.send(error),
      );
      return this;
    }
    // Forms before sign-in are bound to an anonymous cookie, so a CSRF token is never shared between visitors.
    const binding =
      request.sessionToken ?? (request.cookies[ANON_COOKIE] as string | undefined) ?? ensureAnonCookie(this);
    const html = environment.render(template, {
      ...context,
      actor: request.actor,
      csrfToken: csrfTokenFor(sessionSecret, binding),
      cspNonce: this.cspNonce?.script,
      htmlLang: request.language,
      // The language links return to this page; a page not found returns home, so the page never echoes a
      // path that was not found (which would tell a missing file from a refused one).
      languages: languageChoices(
        request.language,
        this.statusCode === 404 || this.statusCode >= 500 ? '/' : (request.url.split('?')[0] ?? '/'),
      ),
    });
    // Pages about people must not linger in shared browser caches.
    return this.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
  });
});
