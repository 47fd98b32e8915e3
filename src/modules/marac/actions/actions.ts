import { definePage, type PageContext } from '../../../platform/pages/page.ts';
import { notFound, redirect, refused, view } from '../../../platform/pages/results.ts';
import * as f from '../forms.ts';
import { byId, everyone } from '../page-rules.ts';
import * as present from '../presenters/actions.ts';
import * as service from '../service.ts';
import { maracFor } from '../for-viewer.ts';
import { viewerOf } from '../../access/service.ts';

// Each agency sees its own open MARAC actions and completes them with a note of what was done.

export const agencyActions = definePage({
  path: '/marac/actions',
  access: everyone,
  audit: { action: 'marac-action.list', subjectType: 'agency', subjectId: (_params, actor) => actor.agencyId },
  get: async ({ db, request, query }) =>
    view(
      'marac/views/actions.njk',
      present.agencyActions(await maracFor(db, viewerOf(request)).myOpenActions(), { completed: query.completed }),
    ),
});

/** Another agency's action, another partnership's or one already done is not found, whatever was posted. */
const openActions = async ({ db, request, params }: PageContext<{ id: string }>) => {
  const rows = await maracFor(db, viewerOf(request)).myOpenActions();
  return rows.some((a) => a.id === params.id) ? rows : undefined;
};

export const completeAction = definePage({
  path: '/marac/actions/:id/complete',
  access: everyone,
  params: byId,
  audit: { action: 'marac-action.complete', subjectType: 'marac-action' },
  post: {
    schema: f.completeForm,
    invalid: async (ctx, form) => {
      const rows = await openActions(ctx);
      return rows
        ? view('marac/views/actions.njk', present.agencyActions(rows, { problem: { actionId: ctx.params.id, form } }))
        : notFound();
    },
    handle: async (ctx, v) => {
      if (!(await openActions(ctx))) return notFound();
      const outcome = await service.completeAction(ctx.db, ctx.actor, ctx.params.id, v.note);
      if (!outcome.ok) return refused(outcome.problem, 'marac.problem.action-not-completed');
      return redirect('/marac/actions?completed=1');
    },
  },
});
