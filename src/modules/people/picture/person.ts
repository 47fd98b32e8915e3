import { definePage } from '../../../platform/pages/page.ts';
import { notFound, view } from '../../../platform/pages/results.ts';
import { viewerOf } from '../../access/service.ts';
import { peopleFor } from '../for-viewer.ts';
import { byId, caseWorkers } from '../page-rules.ts';
import * as present from '../presenters/person.ts';
import { label } from '../../../platform/language/index.ts';
import { personSectionsFor } from '../../../platform/pages/person-sections.ts';

// The whole picture of a person, and their household. Need to know: the service gives each agency's
// records (and relationships) at the level the sharing policy gives this user's agency.

export const person = definePage({
  path: '/people/:id',
  access: caseWorkers,
  params: byId,
  audit: { action: 'person.view', subjectType: 'person' },
  get: async ({ db, request, actor, params, query }) => {
    const picture = await peopleFor(db, viewerOf(request)).picture(params.id);
    if (!picture) return notFound();
    return view('people/views/person.njk', {
      ...present.person(picture, query.decided),
      sections: personSectionsFor(params.id, actor),
    });
  },
});

export const household = definePage({
  path: '/people/:id/household',
  access: caseWorkers,
  params: byId,
  audit: { action: 'household.view', subjectType: 'person' },
  get: async ({ db, request, params }) => {
    const found = await peopleFor(db, viewerOf(request)).household(params.id);
    return found
      ? view('people/views/household.njk', { title: label('people.household.title'), household: found })
      : notFound();
  },
});
