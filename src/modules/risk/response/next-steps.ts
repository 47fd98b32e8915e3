import { label } from '../../../platform/language/index.ts';
import { formFields } from '../../../platform/forms.ts';
import { definePage, type FormErrors, type PageContext } from '../../../platform/pages/page.ts';
import { redirect, view } from '../../../platform/pages/results.ts';
import { referralsOfAssessment, serviceForStep } from '../../referrals/service.ts';
import { byId, caseworkers, recorders } from '../page-rules.ts';
import { responseLabels } from '../presenters/response.ts';
import { stepWords } from '../labels.ts';
import { OUTCOME_VALUES, parseStepOutcomes } from '../response-forms.ts';
import * as response from '../response-service.ts';
import * as service from '../service.ts';
import { canChange, isLoaded, loadChecklist, type Loaded } from './load.ts';

// The next steps of a checklist's level: each done, declined (with the reason) or not applicable.

type Ctx = PageContext<{ id: string }>;

const stepsOf = async (ctx: Ctx, { row }: Loaded) =>
  row.next_steps ??
  (await service.assessmentResult(ctx.db, ctx.actor, row, service.instrumentOf(ctx.app.instruments, row))).evaluation
    .steps;

async function stepsPage(ctx: Ctx, loaded: Loaded, form: Partial<FormErrors> | null) {
  const { row } = loaded;
  const { records, outstanding } = await response.stepRecords(ctx.db, ctx.actor, row.id, await stepsOf(ctx, loaded));
  const saved = Object.fromEntries(
    records.flatMap((r) =>
      r.current
        ? [
            [`outcome-${r.id}`, r.current.outcome],
            [`reason-${r.id}`, r.current.reason ?? ''],
          ]
        : [],
    ),
  );
  return view(
    'risk/views/next-steps.njk',
    {
      title: label('risk.next-steps.page-title'),
      row: loaded.shown,
      records: records.map((r) => ({ ...r, label: stepWords(r) })),
      outstanding,
      values: form?.values ?? saved,
      outcomes: OUTCOME_VALUES,
      labels: responseLabels(),
      canRecord: canChange(ctx.actor, row),
      referrals: await referralsOfAssessment(ctx.db, ctx.actor, row.id),
      referralSteps: records.filter((r) => serviceForStep(r.id)).map((r) => r.id),
      errors: form?.errors,
      errorList: form?.errorList,
    },
    { status: form?.errorList ? 400 : 200 },
  );
}

export const nextSteps = definePage({
  path: '/assessments/:id/next-steps',
  access: caseworkers,
  params: byId,
  audit: { action: 'next-steps.view', subjectType: 'assessment' },
  get: async (ctx) => {
    const loaded = await loadChecklist(ctx, { completed: true, minimum: 'shared-summary' });
    return isLoaded(loaded) ? stepsPage(ctx, loaded, null) : loaded;
  },
});

export const recordNextSteps = definePage({
  path: '/assessments/:id/next-steps',
  access: recorders,
  params: byId,
  audit: { action: 'next-steps.record', subjectType: 'assessment' },
  post: async (ctx) => {
    const loaded = await loadChecklist(ctx, { write: true, completed: true });
    if (!isLoaded(loaded)) return loaded;
    const values = formFields(ctx.request.body);
    const steps = await stepsOf(ctx, loaded);
    const form = parseStepOutcomes(steps, values);
    if (!form.ok) return stepsPage(ctx, loaded, { values, errors: form.errors, errorList: form.errorList });
    const saved = await response.recordStepOutcomes(ctx.db, ctx.actor, loaded.row.id, steps, form.value);
    if (!saved.ok) {
      const errorList = saved.problems.map((p) => ({ text: p.message, href: `#outcome-${p.stepId}` }));
      return stepsPage(ctx, loaded, { values, errorList });
    }
    return redirect(`/assessments/${loaded.row.id}?saved=next-steps#next-steps`);
  },
});
