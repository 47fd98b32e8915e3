import type { FastifyInstance } from 'fastify';
import { anySignedIn, publicAccess } from '../../platform/access.ts';
import { asActor } from '../../db/tenancy.ts';
import { ROLE_LABELS, AGENCY_KIND_LABELS } from '../admin/labels.ts';
import { TASKS_BY_ROLE } from './tasks.ts';
import { homeWorklist } from '../worklists/home.ts';

export async function homeRoutes(app: FastifyInstance): Promise<void> {
  app.get('/', { config: { access: anySignedIn } }, async (request, reply) => {
    const actor = request.actor!;
    const place = await asActor(app.dbs.app, actor, (tx) =>
      tx
        .selectFrom('agency')
        .innerJoin('partnership', 'partnership.id', 'agency.partnership_id')
        .select(['agency.name as agencyName', 'agency.kind as agencyKind', 'partnership.name as partnershipName'])
        .where('agency.id', '=', actor.agencyId)
        .executeTakeFirstOrThrow(),
    );
    return reply.page('home/views/home.njk', {
      title: 'Home',
      section: 'home',
      place,
      roleLabel: ROLE_LABELS[actor.role],
      kindLabel: AGENCY_KIND_LABELS[place.agencyKind],
      tasks: TASKS_BY_ROLE[actor.role],
      worklist: await homeWorklist(app.dbs.app, actor),
    });
  });

  app.get('/accessibility', { config: { access: publicAccess } }, async (_request, reply) =>
    reply.page('home/views/accessibility.njk', { title: 'Accessibility statement' }),
  );
}
