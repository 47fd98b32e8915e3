import { problemErrors } from '../../../platform/pages/form-problem.ts';
import { definePage, type PageContext } from '../../../platform/pages/page.ts';
import { notFound, redirect, view, type PageResult } from '../../../platform/pages/results.ts';
import * as f from '../forms.ts';
import { byId, coordinator } from '../page-rules.ts';
import * as present from '../presenters/referrals.ts';
import * as service from '../service.ts';
import { maracFor } from '../for-viewer.ts';
import { viewerOf } from '../../access/service.ts';

// The coordinator decides a referral: accept it into a case (or the victim's open case), or decline it with a reason.

type Ctx = PageContext<{ id: string }>;
type Shown = Parameters<typeof present.referralDecision>[1];

const decisionPage = async ({ db, request, params }: Ctx, form?: Shown, status = 200): Promise<PageResult> => {
  const referral = await maracFor(db, viewerOf(request)).getReferral(params.id);
  return referral ? view('marac/views/referral.njk', present.referralDecision(referral, form), { status }) : notFound();
};

export const referral = definePage({
  path: '/marac/referrals/:id',
  access: coordinator,
  params: byId,
  audit: { action: 'marac-referral.view', subjectType: 'marac-referral' },
  get: (ctx) => decisionPage(ctx),
});

export const acceptReferral = definePage({
  path: '/marac/referrals/:id/accept',
  access: coordinator,
  params: byId,
  audit: { action: 'marac-referral.accept', subjectType: 'marac-referral' },
  post: {
    schema: f.acceptForm,
    invalid: (ctx, form) => decisionPage(ctx, form),
    handle: async (ctx, v, values) => {
      const outcome = await service.acceptReferral(ctx.db, ctx.actor, ctx.params.id, {
        consentStatus: v.consentStatus,
        lawfulBasis: v.lawfulBasis || null,
        riskLevel: v.riskLevel,
        childrenInHousehold: v.childrenInHousehold,
        summary: v.summary || null,
        victimSex: v.victimSex,
        victimBme: f.triToBool(v.victimBme),
        victimLgbt: f.triToBool(v.victimLgbt),
        victimDisabled: f.triToBool(v.victimDisabled),
      });
      if (!outcome.ok) return decisionPage(ctx, { values, ...problemErrors(outcome) }, 409);
      return redirect('/marac/referrals?decided=accepted');
    },
  },
});

export const declineReferral = definePage({
  path: '/marac/referrals/:id/decline',
  access: coordinator,
  params: byId,
  audit: { action: 'marac-referral.decline', subjectType: 'marac-referral' },
  post: {
    schema: f.declineForm,
    invalid: (ctx, { values, ...problems }) => decisionPage(ctx, { declineValues: values, ...problems }),
    handle: async (ctx, v) => {
      const outcome = await service.declineReferral(ctx.db, ctx.actor, ctx.params.id, v.decisionReason);
      if (!outcome.ok) return decisionPage(ctx, problemErrors(outcome), 409);
      return redirect('/marac/referrals?decided=declined');
    },
  },
});
