import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { refuseUnlessAllowed } from '../access.ts';

/** Applies each route's declared access rule, after the session is known and before the body is validated. */
export const accessCheck = fp(async function accessCheck(app: FastifyInstance) {
  app.addHook('preValidation', async (request, reply) => {
    if (await refuseUnlessAllowed(request, reply)) return reply;
  });
});
