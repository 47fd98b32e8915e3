import { problemErrors } from '../../../platform/pages/form-problem.ts';
import { definePage, type FormErrors, type PageContext } from '../../../platform/pages/page.ts';
import { notFound, redirect, view, type PageResult } from '../../../platform/pages/results.ts';
import { sharingForm } from '../forms.ts';
import { byId, everyone } from '../page-rules.ts';
import * as present from '../presenters/sharing.ts';
import * as service from '../service.ts';

// The sharing decisions recorded for a person, and recording one (its lawful basis and how much is shared).

async function sharingPage(
  { db, actor, params }: PageContext<{ id: string }>,
  form: Partial<FormErrors> = {},
): Promise<PageResult> {
  const page = await service.sharingPage(db, actor, params.id);
  if (!page) return notFound();
  return view('access/views/sharing.njk', present.sharing(params.id, page, form), {
    status: form.errorList ? 400 : 200,
  });
}

export const sharingDecisions = definePage({
  path: '/sharing-decisions/:id',
  access: everyone,
  params: byId,
  audit: { action: 'sharing-decision.view', subjectType: 'person' },
  get: (ctx) => sharingPage(ctx),
  post: {
    audit: { action: 'sharing-decision.create', subjectType: 'person' },
    schema: sharingForm,
    invalid: (ctx, form) => sharingPage(ctx, form),
    handle: async (ctx, decision, values) => {
      if (!(await service.personVisible(ctx.db, ctx.actor, ctx.params.id))) return notFound();
      if (!(await service.recordSharingDecision(ctx.db, ctx.actor, ctx.params.id, decision)))
        return sharingPage(ctx, {
          values,
          ...problemErrors({ field: 'agencyId', problem: 'access.problem.agency' }),
        });
      return redirect(`/sharing-decisions/${ctx.params.id}`);
    },
  },
});
