import { problemErrors } from '../../../platform/pages/form-problem.ts';
import { definePage, type FormErrors, type PageContext } from '../../../platform/pages/page.ts';
import { notFound, redirect, view, type PageResult } from '../../../platform/pages/results.ts';
import * as f from '../forms.ts';
import { byId, coordinator } from '../page-rules.ts';
import * as present from '../presenters/cases.ts';
import * as service from '../service.ts';
import { maracFor } from '../for-viewer.ts';
import { viewerOf } from '../../access/service.ts';

// The coordinator's open cases, one case with its actions, and closing it with an outcome (its history is kept).

export async function casePage(
  { db, request, params }: PageContext<{ id: string }>,
  form?: Partial<FormErrors>,
  status = 200,
): Promise<PageResult> {
  const theCase = await maracFor(db, viewerOf(request)).caseView(params.id);
  return theCase ? view('marac/views/case.njk', present.casePage(theCase, form), { status }) : notFound();
}

export const openCases = definePage({
  path: '/marac/cases',
  access: coordinator,
  audit: { action: 'marac-case.list', subjectType: 'marac-case' },
  get: async ({ db, request }) =>
    view('marac/views/cases.njk', present.openCases(await maracFor(db, viewerOf(request)).casesOverview())),
});

export const maracCase = definePage({
  path: '/marac/cases/:id',
  access: coordinator,
  params: byId,
  audit: { action: 'marac-case.view', subjectType: 'marac-case' },
  get: (ctx) => casePage(ctx),
});

export const closeCase = definePage({
  path: '/marac/cases/:id/close',
  access: coordinator,
  params: byId,
  audit: { action: 'marac-case.close', subjectType: 'marac-case' },
  post: {
    schema: f.closeForm,
    invalid: (ctx, form) => casePage(ctx, form),
    handle: async (ctx, v, values) => {
      const outcome = await service.closeCase(ctx.db, ctx.actor, ctx.params.id, v.outcome);
      if (!outcome.ok) return casePage(ctx, { values, ...problemErrors(outcome) }, 409);
      return redirect(`/marac/cases/${ctx.params.id}`);
    },
  },
});
