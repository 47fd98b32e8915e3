import { problemErrors } from '../../../platform/pages/form-problem.ts';
import { definePage } from '../../../platform/pages/page.ts';
import { notFound, redirect, view } from '../../../platform/pages/results.ts';
import { agencyEditForm, agencyForm } from '../forms.ts';
import { administrators, byId } from '../page-rules.ts';
import * as present from '../presenters/agencies.ts';
import * as service from '../service.ts';

// The partnership's agencies: the list, adding one, changing one.

const FORM = 'admin/views/agency-form.njk';

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
  get: async ({ db, actor, params }) => {
    const agency = await service.findAgency(db, actor, params.id);
    if (!agency) return notFound();
    return view(FORM, present.agencyForm(agency.id, { ...agency, active: agency.active ? 'yes' : 'no' }));
  },
});

export const updateAgency = definePage({
  path: '/admin/agencies/:id',
  access: administrators,
  params: byId,
  post: {
    audit: { action: 'agency.update', subjectType: 'agency' },
    schema: agencyEditForm,
    invalid: async ({ db, actor, params }, form) =>
      // Existence first: another partnership's agency is "not found" whatever was posted.
      (await service.findAgency(db, actor, params.id))
        ? view(FORM, present.agencyForm(params.id, {}, form))
        : notFound(),
    handle: async ({ db, actor, params }, value, fields) => {
      if (!(await service.findAgency(db, actor, params.id))) return notFound();
      const updated = await service.updateAgency(db, actor, params.id, { ...value, active: value.active === 'yes' });
      if (!updated.ok)
        return view(FORM, present.agencyForm(params.id, fields, problemErrors(updated.problem)), { status: 400 });
      return updated.value ? redirect('/admin/agencies') : notFound();
    },
  },
});
