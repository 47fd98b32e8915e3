import { formFields } from '../../../platform/forms.ts';
import { problemErrors } from '../../../platform/pages/form-problem.ts';
import { definePage, type FormErrors, type PageContext } from '../../../platform/pages/page.ts';
import { notFound, redirect, view, type PageResult } from '../../../platform/pages/results.ts';
import { partsOf, viewerOf } from '../../access/service.ts';
import { risksFor } from '../for-viewer.ts';
import { byId, practitioners } from '../page-rules.ts';
import * as present from '../presenters/result.ts';
import * as service from '../service.ts';
import { resultExtras } from './extras.ts';
import { ownDraft, readChecklist } from './load.ts';

// The checklist's result: the level and its reasons, the criteria met, the history, and a referral to MARAC.
// Need to know: another agency is given a checklist in full only at full sharing; below it, the declared
// parts of its level. Someone else's draft is never opened (it would also bounce between this page and the checklist).

type Ctx = PageContext<{ id: string }>;

async function resultPage(ctx: Ctx, row: service.AssessmentRow, form: Partial<FormErrors> = {}): Promise<PageResult> {
  const instrument = service.instrumentOf(ctx.app.instruments, row);
  const shared = await risksFor(ctx.db, viewerOf(ctx.request)).result(row, instrument);
  const extras = await resultExtras(ctx.db, ctx.actor, row, shared.evaluation.steps);
  const model = present.result(row, instrument, shared, extras, ctx.query, form);
  return view('risk/views/result.njk', model, { status: form.errorList ? 400 : 200 });
}

export const result = definePage({
  path: '/assessments/:id',
  access: practitioners,
  params: byId,
  audit: { action: 'assessment.view', subjectType: 'assessment' },
  get: async (ctx) => {
    const found = await readChecklist(ctx);
    if (!found) return notFound();
    if (found.level !== 'full' || (found.row.status === 'draft' && !ownDraft(ctx.actor, found.row)))
      return view(
        'risk/views/result-shared.njk',
        present.shared(found.shown, found.level, partsOf('assessment', found.level)),
      );
    if (found.row.status === 'draft') return redirect(`/assessments/${found.row.id}/checklist`);
    return resultPage(ctx, found.row);
  },
});

// Any agency may refer; the referral carries the criteria met to the coordinator. A viewer below full is not shown the result page.
export const referToMarac = definePage({
  path: '/assessments/:id/referral',
  access: practitioners,
  params: byId,
  audit: { action: 'marac-referral.create', subjectType: 'assessment' },
  post: async (ctx) => {
    const found = await readChecklist(ctx);
    if (!found) return notFound();
    const reason = formFields(ctx.request.body).reason;
    const given = typeof reason === 'string' ? reason.slice(0, 4000) || null : null;
    const outcome = await risksFor(ctx.db, viewerOf(ctx.request)).refer(found.shown.id, given);
    if (!outcome.ok && found.level !== 'full') return redirect(`/assessments/${found.shown.id}`);
    if (!outcome.ok && found.row)
      return resultPage(ctx, found.row, { ...problemErrors({ ...outcome, field: 'reason' }) });
    return redirect(`/assessments/${found.shown.id}?referred=1`);
  },
});
