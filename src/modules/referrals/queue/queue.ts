import { definePage } from '../../../platform/pages/page.ts';
import { label } from '../../../platform/language/index.ts';
import { view } from '../../../platform/pages/results.ts';
import { caseworkers } from '../page-rules.ts';
import { templateLabels } from '../presenters/labels.ts';
import * as service from '../service.ts';

// The referrals the agency received (to accept or decline) and sent (to follow). People are named only on each referral's page.
export const queue = definePage({
  path: '/referrals',
  access: caseworkers,
  audit: { action: 'referral.list', subjectType: 'referral', subjectId: () => null },
  get: async ({ db, actor }) =>
    view('referrals/views/queue.njk', {
      title: label('referrals.queue.title'),
      section: 'referrals',
      ...(await service.queues(db, actor)),
      labels: templateLabels(),
      now: new Date(),
    }),
});
