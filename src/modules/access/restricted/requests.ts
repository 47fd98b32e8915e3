import { definePage, type FormErrors, type PageContext } from '../../../platform/pages/page.ts';
import { notFound, redirect, view, type PageResult } from '../../../platform/pages/results.ts';
import { decisionForm } from '../forms.ts';
import { approvalToTell } from '../jobs.ts';
import { byId, caseworkers } from '../page-rules.ts';
import * as service from '../restricted-service.ts';
import { label } from '../../../platform/language/index.ts';

// Requests to see restricted details: those waiting for this user's decision, their own, and the decision.
// The decision is audited against the person whose details it opens or keeps closed.

async function requestsPage({ db, actor }: PageContext<unknown>, form: Partial<FormErrors> = {}): Promise<PageResult> {
  const page = await service.requestsPage(db, actor);
  return view(
    'access/views/requests.njk',
    { title: label('access.requests.title'), ...page, ...form },
    { status: form.errorList ? 400 : 200 },
  );
}

export const restrictedRequests = definePage({
  path: '/restricted-requests',
  access: caseworkers,
  get: (ctx) => requestsPage(ctx),
});

export const decideRestrictedRequest = definePage({
  path: '/restricted-requests/:id',
  access: caseworkers,
  params: byId,
  post: {
    audit: { action: 'restricted-request.decide', subjectType: 'restricted-detail', subjectId: () => null },
    schema: decisionForm,
    invalid: async (ctx, { errors, errorList }) =>
      (await service.requestExists(ctx.db, ctx.actor, ctx.params.id))
        ? requestsPage(ctx, { errors, errorList })
        : notFound(),
    handle: async ({ app, db, actor, params }, { decision, note }) => {
      const approve = decision === 'approve';
      const decided = await service.decideRequest(db, actor, params.id, approve, note);
      if (!decided) return notFound();
      if (approve) await approvalToTell(app, decided.agencies);
      return redirect('/restricted-requests', {
        action: `restricted-request.${decision}`,
        subjectId: decided.personId,
      });
    },
  },
});
