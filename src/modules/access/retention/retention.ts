import { problemErrors } from '../../../platform/pages/form-problem.ts';
import { definePage, type FormErrors, type PageContext } from '../../../platform/pages/page.ts';
import { redirect, view, type PageResult } from '../../../platform/pages/results.ts';
import { retentionForm, reviewedForm } from '../forms.ts';
import { administrators } from '../page-rules.ts';
import * as service from '../service.ts';
import { label } from '../../../platform/language/index.ts';

// The partnership's retention period, and anonymising the records past it that the administrator reviewed.

async function retentionPage(
  { db, actor, query }: PageContext<unknown>,
  form: Partial<FormErrors> = {},
): Promise<PageResult> {
  const page = await service.retentionPage(db, actor);
  return view(
    'access/views/retention.njk',
    {
      title: label('access.retention.title'),
      section: 'retention',
      ...page,
      values: { months: page.months },
      applied: query.applied,
      ...form,
    },
    { status: form.errorList ? 400 : 200 },
  );
}

export const retention = definePage({
  path: '/admin/retention',
  access: administrators,
  get: (ctx) => retentionPage(ctx),
});

export const retentionPeriod = definePage({
  path: '/admin/retention/period',
  access: administrators,
  post: {
    audit: { action: 'retention.period', subjectType: 'partnership', subjectId: (_p, a) => a.partnershipId },
    schema: retentionForm,
    invalid: (ctx, form) => retentionPage(ctx, form),
    handle: async ({ db, actor }, { months }) => {
      await service.setRetentionMonths(db, actor, months);
      return redirect('/admin/retention');
    },
  },
});

const NONE_CHOSEN = 'access.problem.none-chosen';

export const applyRetention = definePage({
  path: '/admin/retention/apply',
  access: administrators,
  post: {
    schema: reviewedForm,
    invalid: (ctx) => retentionPage(ctx, problemErrors({ field: 'due', problem: NONE_CHOSEN })),
    handle: async ({ db, actor }, { reviewed }) =>
      redirect(`/admin/retention?applied=${await service.applyRetention(db, actor, reviewed)}`),
  },
});
