import { z } from 'zod';
import { rolesOnly } from '../../../platform/access.ts';
import { definePage } from '../../../platform/pages/page.ts';
import { notFound, view } from '../../../platform/pages/results.ts';
import { viewerOf } from '../../access/service.ts';
import { incidentFor } from '../for-viewer.ts';
import { incidentPage } from '../presenters/incident.ts';

// One recorded incident or contact, as far as the viewer's agency may see it.
export const incident = definePage({
  path: '/incidents/:id',
  access: rolesOnly('practitioner', 'agency-lead', 'marac-coordinator', 'marac-chair'),
  params: z.object({ id: z.uuid() }),
  audit: { action: 'incident.view', subjectType: 'incident' },
  get: async ({ db, request, params, query }) => {
    const found = await incidentFor(db, viewerOf(request), params.id);
    return found
      ? view('incidents/views/incident.njk', {
          ...incidentPage(found.level, found.incident),
          recorded: query.recorded === '1',
        })
      : notFound();
  },
});
