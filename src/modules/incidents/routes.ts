import type { FastifyInstance } from 'fastify';
import { rolesOnly } from '../../platform/access.ts';
import { CONTACT_TYPES } from '../people/service.ts';
import * as service from './service.ts';

const administrators = { access: rolesOnly('administrator') };

export async function incidentRoutes(app: FastifyInstance): Promise<void> {
  const db = app.dbs.app;
  app.get('/admin/contact-kinds', { config: administrators }, async (request, reply) =>
    reply.page('incidents/views/contact-kinds.njk', {
      title: 'Abuse incidents and support contacts',
      kinds: await service.contactKinds(db, request.actor!),
      saved: (request.query as { saved?: string }).saved,
    }),
  );

  app.post('/admin/contact-kinds', { config: administrators }, async (request, reply) => {
    const raw = (request.body as Record<string, unknown> | undefined)?.abuse;
    const chosen = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
      (v): v is string => typeof v === 'string' && v in CONTACT_TYPES,
    );
    await service.saveContactKinds(db, request.actor!, new Set(chosen));
    return reply.redirect('/admin/contact-kinds?saved=1', 303);
  });
}
