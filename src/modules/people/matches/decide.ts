import { isAllowed } from '../../../platform/access.ts';
import { problemErrors } from '../../../platform/pages/form-problem.ts';
import { definePage, type FormErrors, type PageContext } from '../../../platform/pages/page.ts';
import { notFound, redirect, view, type PageResult } from '../../../platform/pages/results.ts';
import { viewerOf } from '../../access/service.ts';
import { peopleFor } from '../for-viewer.ts';
import { decisionForm } from '../forms.ts';
import { byId, caseWorkers, linkDeciders } from '../page-rules.ts';
import * as present from '../presenters/matches.ts';
import * as service from '../service.ts';

// One possible match, with the engine's evidence in full and each record at the viewer's level; and the decision on it.

async function matchPage(
  { db, request, actor, params }: PageContext<{ id: string }>,
  form: Partial<FormErrors> = {},
  status = 200,
): Promise<PageResult> {
  const match = await peopleFor(db, viewerOf(request)).match(params.id);
  if (!match) return notFound();
  return view('people/views/match.njk', present.match(match, isAllowed(linkDeciders, actor), form), { status });
}

export const match = definePage({
  path: '/people/matches/:id',
  access: caseWorkers,
  params: byId,
  audit: { action: 'person-link.view', subjectType: 'person-link' },
  get: (ctx) => matchPage(ctx),
});

export const decideMatch = definePage({
  path: '/people/matches/:id',
  access: linkDeciders,
  params: byId,
  post: {
    audit: { action: 'person-link.decide', subjectType: 'person-link' },
    schema: decisionForm,
    invalid: (ctx, form) => matchPage(ctx, form),
    handle: async (ctx, { decision }) => {
      const action = `person-link.${decision}`;
      const outcome = await service.decideLink(ctx.db, ctx.actor, ctx.params.id, decision);
      if (!outcome) return notFound({ action });
      if (!outcome.ok) {
        const shown = await matchPage(ctx, problemErrors({ ...outcome, field: 'decision' }), 409);
        return { ...shown, action };
      }
      return redirect(`/people/${outcome.personId}?decided=${decision}`, { action });
    },
  },
});
