import type { FastifyInstance } from 'fastify';
import { publicAccess } from '../../platform/access.ts';
import { databaseResponds } from '../../db/health.ts';

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/health', { config: { access: publicAccess } }, async (_request, reply) => {
    const engine = app.config.database.kind;
    if (await databaseResponds(app.dbs.app))
      return reply.header('cache-control', 'no-store').send({ status: 'ok', database: 'ok', engine });
    return reply.code(503).send({ status: 'unavailable', database: 'unreachable', engine });
  });
}
