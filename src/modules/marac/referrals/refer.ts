import { definePage } from '../../../platform/pages/page.ts';
import { redirect, view } from '../../../platform/pages/results.ts';
import * as f from '../forms.ts';
import { everyone } from '../page-rules.ts';
import * as present from '../presenters/referrals.ts';
import * as service from '../service.ts';
import { maracFor } from '../for-viewer.ts';
import { viewerOf } from '../../access/service.ts';

// Any agency refers a victim to MARAC without a checklist, giving a reason; the referrer then sees it in the agency's list.

export const newReferral = definePage({
  path: '/marac/referrals/new',
  access: everyone,
  get: async () => view('marac/views/referral-new.njk', present.newReferral()),
});

export const makeReferral = definePage({
  path: '/marac/referrals',
  access: everyone,
  audit: { action: 'marac-referral.create', subjectType: 'marac-referral' },
  post: {
    schema: f.manualReferralForm,
    prepare: (fields) => ({ ...fields, dateOfBirth: f.dateInput(fields, 'dateOfBirth') }),
    invalid: async (_ctx, form) => view('marac/views/referral-new.njk', present.newReferral(form)),
    handle: async ({ db, actor }, v) => {
      const made = await service.referManually(db, actor, {
        victim: { givenName: v.givenName, familyName: v.familyName, dateOfBirth: v.dateOfBirth },
        reason: v.reason,
        consentStatus: v.consentStatus,
        lawfulBasis: v.lawfulBasis || null,
        childrenInHousehold: v.childrenInHousehold,
      });
      return redirect(`/marac/my-referrals?referred=${made.is_repeat ? 'repeat' : 'new'}`, { subjectId: made.id });
    },
  },
});

export const agencyReferrals = definePage({
  path: '/marac/my-referrals',
  access: everyone,
  audit: { action: 'marac-referral.list-own', subjectType: 'agency', subjectId: (_params, actor) => actor.agencyId },
  get: async ({ db, request, query }) =>
    view(
      'marac/views/my-referrals.njk',
      present.agencyReferrals(await maracFor(db, viewerOf(request)).referralsFromMyAgency(), query.referred),
    ),
});
