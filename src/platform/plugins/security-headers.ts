import type { FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';

/** Security headers with a CSP nonce for our one script, rate limits where routes ask for them, and the request id on every response. */
export const securityHeaders = fp(async function securityHeaders(app: FastifyInstance) {
  const https = app.config.publicUrl.startsWith('https:');
  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: https ? [] : null,
      },
    },
    hsts: https,
    referrerPolicy: { policy: 'no-referrer' },
  });
  await app.register(rateLimit, { global: false });
  // Support can match a user's report to the logs (and tests to the audit log) by this id.
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
});
