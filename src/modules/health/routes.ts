import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { publicAccess } from '../../platform/access.ts';

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/health', { config: { access: publicAccess } }, async (_request, reply) => {
    try {
      await sql`SELECT 1`.execute(app.dbs.app);
      return reply.header('cache-control', 'no-store').send({ status: 'ok', database: 'ok', engine: app.config.database.kind });
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: 'unreachable', engine: app.config.database.kind });
    }
  });
}
