import { problemErrors } from '../../../platform/pages/form-problem.ts';
import { definePage, type PageContext } from '../../../platform/pages/page.ts';
import { notFound, redirect, view, type PageResult } from '../../../platform/pages/results.ts';
import { agencyEditForm, agencyForm } from '../forms.ts';
import { administrators, byId } from '../page-rules.ts';
import * as present from '../presenters/agencies.ts';
import * as service from '../service.ts';

// The partnership's agencies: the list, adding one, changing one.

const FORM = 'admin/views/agency-form.njk';

type Agency = NonNullable<Awaited<ReturnType<typeof service.findAgency>>>;

/** Existence first: another partnership's agency is not found, whatever was posted. */
async function forAgency(
  ctx: PageContext<{ id: string }>,
  show: (ctx: PageContext<{ id: string }>, agency: Agency) => Promise<PageResult>,
): Promise<PageResult> {
  const agency = await service.findAgency(ctx.db, ctx.actor, ctx.params.id);
  return agency ? show(ctx, agency) : notFound();
}

export const agencies = definePage({
  path: '/admin/agencies',
  access: administrators,
  get: async ({ db, actor }) =>
    view('admin/views/agencies.njk', present.agencyList(await service.listAgencies(db, actor))),
  post: {
    audit: { action: 'agency.create', subjectType: 'agency', subjectId: () => null },
    schema: agencyForm,
    invalid: async (_ctx, form) => view(FORM, present.agencyForm(null, {}, form)),
    handle: async ({ db, actor }, value, fields) => {
      const created = await service.createAgency(db, actor, value);
      if (!created.ok)
        return view(FORM, present.agencyForm(null, fields, problemErrors(created.problem)), { status: 400 });
      return redirect('/admin/agencies', { subjectId: created.value });
    },
  },
});

export const newAgency = definePage({
  path: '/admin/agencies/new',
  access: administrators,
  get: async () => view(FORM, present.agencyForm(null, {})),
});

export const editAgency = definePage({
  path: '/admin/agencies/:id/edit',
  access: administrators,
  params: byId,
  get: (ctx) =>
    forAgency(ctx, async (_ctx, agency) =>
      view(FORM, present.agencyForm(agency.id, { ...agency, active: agency.active ? 'yes' : 'no' })),
    ),
});

export const updateAgency = definePage({
  path: '/admin/agencies/:id',
  access: administrators,
  params: byId,
  post: {
    audit: { action: 'agency.update', subjectType: 'agency' },
    schema: agencyEditForm,
    invalid: (ctx, form) => forAgency(ctx, async () => view(FORM, present.agencyForm(ctx.params.id, {}, form))),
    handle: (ctx, value, fields) =>
      forAgency(ctx, async ({ db, actor, params }) => {
        const updated = await service.updateAgency(db, actor, params.id, { ...value, active: value.active === 'yes' });
        if (!updated.ok)
          return view(FORM, present.agencyForm(params.id, fields, problemErrors(updated.problem)), { status: 400 });
        return updated.value ? redirect('/admin/agencies') : notFound();
      }),
  },
});
