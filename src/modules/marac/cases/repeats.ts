import { definePage } from '../../../platform/pages/page.ts';
import { notFound, redirect, view } from '../../../platform/pages/results.ts';
import { byId, coordinator } from '../page-rules.ts';
import * as present from '../presenters/cases.ts';
import * as service from '../service.ts';
import { maracFor } from '../for-viewer.ts';
import { viewerOf } from '../../access/service.ts';

// Victims flagged as repeats (a new incident, checklist or referral within 12 months of their last MARAC), and marking a flag seen.

export const repeatFlags = definePage({
  path: '/marac/repeats',
  access: coordinator,
  audit: { action: 'marac-repeat.list', subjectType: 'marac-repeat' },
  get: async ({ db, request }) =>
    view('marac/views/repeats.njk', present.repeatFlags(await maracFor(db, viewerOf(request)).repeatFlags())),
});

export const markFlagSeen = definePage({
  path: '/marac/repeats/:id/seen',
  access: coordinator,
  params: byId,
  audit: { action: 'marac-repeat.seen', subjectType: 'marac-repeat' },
  post: async ({ db, actor, params }) => {
    const marked = await service.markFlagSeen(db, actor, params.id);
    return Number(marked.numUpdatedRows) === 1 ? redirect('/marac/repeats') : notFound();
  },
});
