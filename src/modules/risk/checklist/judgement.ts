import { formFields, validateForm } from '../../../platform/forms.ts';
import { definePage, type PageContext } from '../../../platform/pages/page.ts';
import { redirect, view } from '../../../platform/pages/results.ts';
import { problemErrors } from '../../../platform/pages/form-problem.ts';
import { judgementForm } from '../forms.ts';
import { household } from '../household.ts';
import { byId, practitioners } from '../page-rules.ts';
import * as present from '../presenters/checklist.ts';
import * as service from '../service.ts';
import { isPageResult, ownDraftOf, stale } from './load.ts';

// The practitioner's own judgement and the victim's view, which complete the checklist.

type Ctx = PageContext<{ id: string }>;

export const judgement = definePage({
  path: '/assessments/:id/judgement',
  access: practitioners,
  params: byId,
  audit: { action: 'assessment.view', subjectType: 'assessment' },
  get: async (ctx) => {
    const row = await ownDraftOf(ctx);
    if (isPageResult(row)) return row;
    return view('risk/views/judgement.njk', present.judgement(row, await household(ctx.db, ctx.actor, row.id), {}));
  },
});

/** The children recorded on the household page: a form that still sends a count must not say fewer. */
const fewerChildren = (recorded: number) =>
  problemErrors({
    field: 'childrenInHousehold',
    problem: 'risk.form.fewer-children',
    values: { count: recorded },
  });

export const completeChecklist = definePage({
  path: '/assessments/:id/judgement',
  access: practitioners,
  params: byId,
  audit: { action: 'assessment.complete', subjectType: 'assessment' },
  post: async (ctx: Ctx) => {
    const row = await ownDraftOf(ctx);
    if (isPageResult(row)) return row;
    const people = await household(ctx.db, ctx.actor, row.id);
    // The household page records the children, so this page does not ask again.
    const values = { childrenInHousehold: String(people.children.length), ...formFields(ctx.request.body) };
    const form = validateForm(judgementForm, values);
    const invalid = !form.ok
      ? form
      : form.value.childrenInHousehold < people.children.length
        ? fewerChildren(people.children.length)
        : null;
    if (invalid || !form.ok)
      return view('risk/views/judgement.njk', present.judgement(row, people, values, invalid ?? {}), { status: 400 });
    const instrument = service.instrumentOf(ctx.app.instruments, row);
    if (row.answers.length !== instrument.questions.length) return redirect(`/assessments/${row.id}/checklist`);
    const v = form.value;
    try {
      await service.completeAssessment(ctx.db, ctx.actor, row, instrument, {
        victimView: v.victimView.trim() || null,
        judgementLevel: v.judgementLevel === 'none' ? null : v.judgementLevel,
        judgementReason: v.judgementLevel === 'none' ? null : v.judgementReason.trim(),
        consentToShare: v.consentToShare,
        childrenInHousehold: v.childrenInHousehold,
      });
    } catch (error) {
      if (error instanceof service.StaleAssessmentError) return stale(row.id);
      throw error;
    }
    return redirect(`/assessments/${row.id}`);
  },
});
