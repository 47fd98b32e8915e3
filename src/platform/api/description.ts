import type { FastifyInstance } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject, validatorCompiler } from 'fastify-type-provider-zod';
import { publicAccess } from '../access.ts';
import { problemDocument } from './problem.ts';
import { z } from 'zod';

/**
 * The API is described from the same Zod schemas its routes validate with:
 * a route declares `schema: { body, params, response, summary }` and the
 * OpenAPI 3.1 document is generated from the registered routes. Pages carry
 * no schema and are left out.
 */
export const apiDescription = fp(async function apiDescription(app: FastifyInstance) {
  app.setValidatorCompiler(validatorCompiler);
  // Responses are serialised as they are; their schemas describe them, and the
  // API tests check real responses against the schemas.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  z.globalRegistry.add(problemDocument, { id: 'Problem' });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Whole Picture API',
        version: '1',
        description:
          'For agency record systems. Authenticate with a per-agency credential issued by your partnership administrator. Every error is an RFC 9457 problem document.',
      },
      components: {
        securitySchemes: {
          agencyCredential: { type: 'http', scheme: 'bearer', description: 'wpk_<credential id>.<secret>' },
        },
      },
      security: [{ agencyCredential: [] }],
    },
    transform: (args) => {
      if (!args.url.startsWith('/api/v')) return { schema: { ...args.schema, hide: true }, url: args.url };
      return jsonSchemaTransform(args);
    },
    transformObject: jsonSchemaTransformObject,
  });

  app.get('/api/v1/openapi.json', { config: { access: publicAccess }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  app.get('/api/docs', { config: { access: publicAccess }, schema: { hide: true } }, async (_request, reply) =>
    reply.page('api-docs.njk', { title: 'API documentation', operations: operationsOf(app.swagger() as OpenApi) }),
  );
});

interface OpenApi {
  paths?: Record<
    string,
    Record<
      string,
      {
        summary?: string;
        description?: string;
        requestBody?: unknown;
        responses?: Record<string, { description?: string }>;
      }
    >
  >;
}

/** What the documentation page lists: every operation with its responses, in path order. */
export function operationsOf(document: OpenApi) {
  return Object.entries(document.paths ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        summary: op.summary ?? '',
        description: op.description ?? '',
        request: op.requestBody ? JSON.stringify(op.requestBody, null, 2) : null,
        responses: Object.entries(op.responses ?? {}).map(([status, r]) => ({
          status,
          description: r.description ?? '',
          body: JSON.stringify(r, null, 2),
        })),
      })),
    );
}
