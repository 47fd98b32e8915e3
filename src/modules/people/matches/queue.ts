import { definePage } from '../../../platform/pages/page.ts';
import { view } from '../../../platform/pages/results.ts';
import { viewerOf } from '../../access/service.ts';
import { peopleFor } from '../for-viewer.ts';
import { caseWorkers } from '../page-rules.ts';
import * as present from '../presenters/matches.ts';

/** The possible matches waiting for a practitioner's decision, and the engine's suggestions. */
export const matchQueue = definePage({
  path: '/people/matches',
  access: caseWorkers,
  audit: { action: 'person-link.queue', subjectType: 'person-link' },
  get: async ({ db, request }) =>
    view('people/views/matches.njk', present.queue(await peopleFor(db, viewerOf(request)).matchQueue())),
});
