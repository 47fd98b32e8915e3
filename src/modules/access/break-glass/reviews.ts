import { definePage, type FormErrors, type PageContext } from '../../../platform/pages/page.ts';
import { notFound, redirect, view, type PageResult } from '../../../platform/pages/results.ts';
import { approvalForm, reviewForm } from '../forms.ts';
import { byId, caseworkers } from '../page-rules.ts';
import * as service from '../restricted-service.ts';
import { label } from '../../../platform/language/index.ts';

// Emergency access to review (and, where the partnership needs it, to approve first), and what was
// opened on this agency's own records.

async function reviewsPage({ db, actor }: PageContext<unknown>, form: Partial<FormErrors> = {}): Promise<PageResult> {
  const grants = await service.grantsToReview(db, actor);
  return view(
    'access/views/reviews.njk',
    {
      title: label('access.reviews.title'),
      waiting: grants.filter((g) => g.approval === 'waiting'),
      grants: grants.filter((g) => g.approval !== 'waiting'),
      ...form,
    },
    { status: form.errorList ? 400 : 200 },
  );
}

/** The form shown again, for a grant in this partnership; any other id names nothing. */
const again = async (ctx: PageContext<{ id: string }>, { errors, errorList }: FormErrors) =>
  (await service.grantExists(ctx.db, ctx.actor, ctx.params.id)) ? reviewsPage(ctx, { errors, errorList }) : notFound();

export const breakGlassReviews = definePage({
  path: '/break-glass-reviews',
  access: caseworkers,
  get: (ctx) => reviewsPage(ctx),
});

export const reviewBreakGlass = definePage({
  path: '/break-glass-reviews/:id',
  access: caseworkers,
  params: byId,
  post: {
    audit: { action: 'break-glass.review', subjectType: 'break-glass' },
    schema: reviewForm,
    invalid: again,
    handle: async ({ db, actor, params }, { outcome, note }) => {
      // Not yours to review (another agency, already reviewed, waiting for approval): not found.
      const open = await service.grantsToReview(db, actor);
      if (!open.some((g) => g.id === params.id && g.approval !== 'waiting')) return notFound();
      if (!(await service.reviewGrant(db, actor, params.id, outcome, note))) return notFound();
      return redirect('/break-glass-reviews');
    },
  },
});

export const approveBreakGlass = definePage({
  path: '/break-glass-reviews/:id/approval',
  access: caseworkers,
  params: byId,
  post: {
    audit: { action: 'break-glass.approval', subjectType: 'break-glass' },
    schema: approvalForm,
    invalid: again,
    handle: async ({ db, actor, params }, { decision }) => {
      const action = `break-glass.${decision}`;
      if (!(await service.decideGrant(db, actor, params.id, decision === 'approve'))) return notFound({ action });
      return redirect('/break-glass-reviews', { action });
    },
  },
});

export const ourRecordsOpened = definePage({
  path: '/our-records-opened',
  access: caseworkers,
  get: async ({ db, actor }) =>
    view('access/views/our-records.njk', {
      title: label('access.our-records.title'),
      ...(await service.ourRecordsPage(db, actor)),
    }),
});
