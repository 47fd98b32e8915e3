import { problemErrors } from '../../../platform/pages/form-problem.ts';
import { definePage, type PageContext } from '../../../platform/pages/page.ts';
import { notFound, redirect, view, type PageResult } from '../../../platform/pages/results.ts';
import { requestForm, restrictedForm } from '../forms.ts';
import { byId, caseworkers, everyone } from '../page-rules.ts';
import * as present from '../presenters/restricted.ts';
import * as service from '../restricted-service.ts';

// A person's restricted details: row-level security shows each only to its recording agency and the
// agencies, teams and people it names. Recording one, asking to see them, and the one view an approval gives.
// Every page is audited as a read of the person's restricted details (ids only), whatever was visible.

const audit = (action: string) => ({ action, subjectType: 'restricted-detail' });

async function restrictedPage(
  { db, actor, params }: PageContext<{ id: string }>,
  forms: present.RestrictedForms = {},
): Promise<PageResult> {
  const page = await service.restrictedDetailsPage(db, actor, params.id);
  if (!page) return notFound();
  return view('access/views/restricted.njk', present.restricted(actor, params.id, page, forms), {
    status: forms.errorList ? 400 : 200,
  });
}

export const restrictedDetails = definePage({
  path: '/restricted-details/:id',
  access: everyone,
  params: byId,
  audit: audit('restricted-detail.view'),
  get: (ctx) => restrictedPage(ctx),
});

export const recordRestricted = definePage({
  path: '/restricted-details/:id',
  access: caseworkers,
  params: byId,
  post: {
    audit: audit('restricted-detail.create'),
    schema: restrictedForm,
    invalid: (ctx, form) => restrictedPage(ctx, form),
    handle: async ({ db, actor, params }, detail) => {
      if (!(await service.personVisible(db, actor, params.id))) return notFound();
      if (!(await service.addRestrictedDetail(db, actor, params.id, detail))) return notFound();
      return redirect(`/restricted-details/${params.id}`);
    },
  },
});

const REQUEST_PROBLEMS = {
  'already-waiting': 'access.problem.already-waiting',
  'not-needed': 'access.problem.nothing-to-ask',
  'not-allowed': 'access.problem.nothing-to-ask',
} as const;

export const askForRestricted = definePage({
  path: '/restricted-details/:id/requests',
  access: caseworkers,
  params: byId,
  post: {
    audit: audit('restricted-request.create'),
    schema: requestForm,
    invalid: (ctx, { values, errors, errorList }) =>
      restrictedPage(ctx, { requestValues: values, requestErrors: errors, errorList }),
    handle: async (ctx, { reason }, values) => {
      if (!(await service.personVisible(ctx.db, ctx.actor, ctx.params.id))) return notFound();
      const outcome = await service.requestRestricted(ctx.db, ctx.actor, ctx.params.id, reason);
      if (!outcome) return notFound();
      if (outcome !== 'requested') {
        const { errors, errorList } = problemErrors({ field: 'reason', problem: REQUEST_PROBLEMS[outcome] });
        return restrictedPage(ctx, { requestValues: values, requestErrors: errors, errorList });
      }
      return redirect(`/restricted-details/${ctx.params.id}`);
    },
  },
});

// Opening it uses the approval up; audited against the person either way (a failure when nothing was approved).
export const approvedView = definePage({
  path: '/restricted-details/:id/approved',
  access: caseworkers,
  params: byId,
  audit: audit('restricted-detail.view-approved'),
  get: async ({ db, actor, params, reply }) => {
    const details = await service.openApproved(db, actor, params.id);
    if (!details) return notFound();
    reply.header('cache-control', 'no-store');
    return view('access/views/restricted-approved.njk', present.approved(params.id, details), {
      ...(details.length ? {} : { outcome: 'failure' as const }),
    });
  },
});
