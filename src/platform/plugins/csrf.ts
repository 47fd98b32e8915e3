import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ANON_COOKIE, csrfTokenMatches } from '../auth/sessions.ts';

/** Forms must carry the token their page was rendered with; the API authenticates by credential instead of cookie. */
export const csrf = fp(async function csrf(app: FastifyInstance) {
  app.addHook('preValidation', async (request, reply) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(request.method) || request.url.startsWith('/api/')) return;
    const binding = request.sessionToken ?? request.cookies[ANON_COOKIE];
    const presented = (request.body as Record<string, unknown> | undefined)?._csrf;
    if (binding && csrfTokenMatches(app.config.sessionSecret, binding, presented)) return;
    request.log.warn('form refused: missing or wrong CSRF token');
    return reply.code(403).page('error.njk', {
      title: 'This form has expired',
      message: 'For your security, go back, reload the page and submit the form again.',
    });
  });
});
