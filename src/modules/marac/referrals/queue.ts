import { definePage } from '../../../platform/pages/page.ts';
import { view } from '../../../platform/pages/results.ts';
import { coordinator } from '../page-rules.ts';
import * as present from '../presenters/referrals.ts';
import { maracFor } from '../for-viewer.ts';
import { viewerOf } from '../../access/service.ts';

/** The coordinator's queue: referrals awaiting a decision, and the latest decided. */
export const referralQueue = definePage({
  path: '/marac/referrals',
  access: coordinator,
  audit: { action: 'marac-referral.list', subjectType: 'marac-referral' },
  get: async ({ db, request }) =>
    view('marac/views/referrals.njk', present.referralQueue(await maracFor(db, viewerOf(request)).referralQueue())),
});
