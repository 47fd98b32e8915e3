import type { FastifyError, FastifyInstance } from 'fastify';
import { sendProblem } from './api/problem.ts';
import { label } from './language/index.ts';

/**
 * No stack trace ever reaches a user. Pages get a plain explanation and a
 * reference (the request id) that support can find in the logs; the API gets
 * a precise code. Request bodies are never logged: they hold personal data.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler(async (request, reply) => {
    if (request.url.startsWith('/api/')) return sendProblem(reply, 404, 'not-found', 'No such resource.');
    return reply
      .code(404)
      .page('error.njk', { title: label('error.not-found.title'), message: label('error.not-found.message') });
  });

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500)
      request.log.error({ err: { type: error.name, message: error.message, stack: error.stack } }, 'request failed');
    else request.log.info({ status, code: error.code }, 'request refused');
    if (request.url.startsWith('/api/')) {
      // A request that fails its route schema: every problem with its path (answers.3.value).
      if (error.validation) {
        const problems = error.validation.map((v) => ({
          path: [
            error.validationContext === 'body' ? '' : error.validationContext,
            ...v.instancePath.split('/').filter(Boolean),
          ]
            .filter(Boolean)
            .join('.'),
          message: v.message ?? 'is not valid',
        }));
        return sendProblem(
          reply,
          400,
          'invalid-request',
          'The request is not valid: every problem is listed with its path.',
          problems,
        );
      }
      if (status === 500)
        return sendProblem(reply, 500, 'internal-error', `Something went wrong. Reference ${request.id}.`);
      if (status === 429)
        return sendProblem(reply, 429, 'too-many-requests', 'Too many requests. Wait a minute, then try again.');
      return sendProblem(reply, status, 'bad-request', error.message);
    }
    const kind = status === 429 ? 'too-many' : status === 500 ? 'service' : 'request';
    return reply.code(status).page('error.njk', {
      title: label(`error.${kind}.title`),
      message: label(`error.${kind}.message`),
      reference: request.id,
    });
  });
}
