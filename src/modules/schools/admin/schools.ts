import { label } from '../../../platform/language/index.ts';
import { rolesOnly } from '../../../platform/access.ts';
import { problemErrors } from '../../../platform/pages/form-problem.ts';
import { definePage, type FormErrors, type PageContext } from '../../../platform/pages/page.ts';
import { notFound, redirect, view } from '../../../platform/pages/results.ts';
import * as f from '../forms.ts';
import * as present from '../presenters/schools.ts';
import * as service from '../service.ts';

// The partnership's list of schools and each school's named safeguarding contacts (administrators).

const administrator = rolesOnly('administrator');

const listPage = async ({ db, actor }: PageContext<unknown>, form?: Partial<FormErrors>, status = 200) =>
  view('schools/views/schools.njk', present.schoolList(await service.listSchools(db, actor), form), { status });

export const schools = definePage({
  path: '/admin/schools',
  access: administrator,
  audit: { action: 'school.list', subjectType: 'school' },
  get: (ctx) => listPage(ctx),
  post: {
    audit: { action: 'school.create', subjectType: 'school' },
    schema: f.schoolForm,
    invalid: (ctx, form) => listPage(ctx, form),
    handle: async (ctx, v, values) => {
      const outcome = await service.createSchool(ctx.db, ctx.actor, v);
      if (!outcome.ok)
        return listPage(ctx, { values, ...problemErrors({ ...outcome.problem, problem: outcome.problem.text }) }, 400);
      return redirect(`/admin/schools/${outcome.id}`, { subjectId: outcome.id });
    },
  },
});

const schoolPage = async (ctx: PageContext<{ id: string }>, form?: Partial<FormErrors>, status = 200) => {
  const found = await service.schoolWithContacts(ctx.db, ctx.actor, ctx.params.id);
  return found ? view('schools/views/school.njk', present.schoolPage(found, form), { status }) : notFound();
};

export const school = definePage({
  path: '/admin/schools/:id',
  access: administrator,
  params: f.byId,
  audit: { action: 'school.view', subjectType: 'school' },
  get: (ctx) => schoolPage(ctx),
});

export const addContact = definePage({
  path: '/admin/schools/:id/contacts',
  access: administrator,
  params: f.byId,
  audit: { action: 'school-contact.add', subjectType: 'school' },
  post: {
    schema: f.contactForm,
    invalid: (ctx, form) => schoolPage(ctx, form),
    handle: async (ctx, v, values) => {
      const outcome = await service.addContact(ctx.db, ctx.actor, ctx.params.id, v.email);
      if (!outcome) return notFound();
      if (!outcome.ok)
        return schoolPage(
          ctx,
          { values, ...problemErrors({ ...outcome.problem, problem: outcome.problem.text }) },
          400,
        );
      return redirect(`/admin/schools/${ctx.params.id}?added=1`);
    },
  },
});

export const removeContact = definePage({
  path: '/admin/schools/:id/contacts/remove',
  access: administrator,
  params: f.byId,
  audit: { action: 'school-contact.remove', subjectType: 'school' },
  post: {
    schema: f.removeContactForm,
    invalid: (ctx) => schoolPage(ctx, { errorList: [{ text: label('schools.form.select-contact'), href: '#email' }] }),
    handle: async ({ db, actor, params }, v) =>
      (await service.removeContact(db, actor, params.id, v.userId))
        ? redirect(`/admin/schools/${params.id}?removed=1`)
        : notFound(),
  },
});
