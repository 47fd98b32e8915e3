import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { sendProblem } from '../api/problem.ts';

/** Input no handler should see: refused at the door with a clear answer, never half-way with a 500. */
export const inputGuards = fp(async function inputGuards(app: FastifyInstance) {
  app.addHook('preValidation', async (request, reply) => {
    // PostgreSQL text cannot hold NUL; refuse it at the door rather than fail half-way.
    if (request.body !== undefined && JSON.stringify(request.body).includes('\\u0000')) {
      if (request.url.startsWith('/api/')) return sendProblem(reply, 400, 'invalid-request', 'The request contains a NUL character, which cannot be stored.');
      return reply.code(400).page('error.njk', { title: 'There is a problem with your request', message: 'What you entered contains a character that cannot be saved. Go back, remove it and try again.' });
    }
  });
});
