import type { FormErrors, PageContext } from '../../../platform/pages/page.ts';
import { label } from '../../../platform/language/index.ts';
import { notFound, view } from '../../../platform/pages/results.ts';
import { viewerOf } from '../../access/service.ts';
import { templateLabels } from '../presenters/labels.ts';
import * as service from '../service.ts';

// One referral, as the referrer (in full) or the receiving agency (at the level shared) sees it; the
// receiving agency's practitioners and leads decide it here while it is awaiting a decision.
export async function referralPage(
  ctx: PageContext<{ id: string }>,
  form: Partial<FormErrors> & { status?: number } = {},
) {
  const { db, actor, request, params, query } = ctx;
  const referral = await service.referralForViewer(db, viewerOf(request), params.id);
  if (!referral) return notFound();
  const receiving = referral.to_agency_id === actor.agencyId;
  const canDecide = receiving && referral.status === 'awaiting';
  return view(
    'referrals/views/referral.njk',
    {
      title: label('referrals.page.heading'),
      section: 'referrals',
      referral,
      receiving,
      canDecide,
      workers: canDecide ? await service.workers(db, actor) : [],
      labels: templateLabels(),
      values: form.values ?? {},
      errors: form.errors ?? {},
      errorList: form.errorList,
      saved: query.saved,
    },
    { status: form.status ?? 200 },
  );
}
