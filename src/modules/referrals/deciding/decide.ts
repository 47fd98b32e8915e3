import { definePage, type PageContext } from '../../../platform/pages/page.ts';
import { problemErrors } from '../../../platform/pages/form-problem.ts';
import { notFound, redirect } from '../../../platform/pages/results.ts';
import { acceptForm, declineForm } from '../forms.ts';
import { byId, caseworkers } from '../page-rules.ts';
import * as service from '../service.ts';
import { referralPage } from './referral-page.ts';

// Viewing a referral, and the receiving agency's decision on it: accepted with a worker, or declined
// with a reason the referrer sees. Decided once; a second decision is told, not made.

export const referral = definePage({
  path: '/referrals/:id',
  access: caseworkers,
  params: byId,
  audit: { action: 'referral.view', subjectType: 'referral' },
  get: (ctx) => referralPage(ctx),
});

const told = async (
  ctx: PageContext<{ id: string }>,
  outcome: service.DecideOutcome,
  field: string,
  values: Record<string, unknown>,
) => {
  if (outcome === 'decided') return redirect(`/referrals/${ctx.params.id}?saved=decided`);
  if (outcome === 'not-found') return notFound();
  const already = outcome === 'already-decided';
  const problem = already ? 'referrals.page.already-decided' : 'referrals.page.not-our-worker';
  return referralPage(ctx, { values, ...problemErrors({ problem, field }), status: already ? 409 : 400 });
};

/** A form shown again is shown only to the receiving agency; anyone else learns nothing of the referral. */
const shownAgain = async (ctx: PageContext<{ id: string }>, form: Parameters<typeof referralPage>[1]) => {
  const found = await service.getReferral(ctx.db, ctx.actor, ctx.params.id);
  return found && found.to_agency_id === ctx.actor.agencyId ? referralPage(ctx, form) : notFound();
};

export const accept = definePage({
  path: '/referrals/:id/accept',
  access: caseworkers,
  params: byId,
  post: {
    audit: { action: 'referral.accept', subjectType: 'referral' },
    schema: acceptForm,
    invalid: shownAgain,
    handle: async (ctx, v, fields) =>
      told(ctx, await service.accept(ctx.db, ctx.actor, ctx.params.id, v.allocatedUserId), 'allocatedUserId', fields),
  },
});

export const decline = definePage({
  path: '/referrals/:id/decline',
  access: caseworkers,
  params: byId,
  post: {
    audit: { action: 'referral.decline', subjectType: 'referral' },
    schema: declineForm,
    invalid: shownAgain,
    handle: async (ctx, v, fields) =>
      told(ctx, await service.decline(ctx.db, ctx.actor, ctx.params.id, v.declineReason), 'declineReason', fields),
  },
});
