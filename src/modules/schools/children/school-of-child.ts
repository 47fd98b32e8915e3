import { rolesOnly } from '../../../platform/access.ts';
import { problemErrors } from '../../../platform/pages/form-problem.ts';
import { definePage, type FormErrors, type PageContext } from '../../../platform/pages/page.ts';
import { notFound, redirect, view } from '../../../platform/pages/results.ts';
import * as people from '../../people/service.ts';
import * as f from '../forms.ts';
import * as present from '../presenters/schools.ts';
import * as service from '../service.ts';

// Which school a child attends, recorded by a practitioner who can see the child's record: it is
// how the child's school is told when police record an abuse incident the child was present at.

const workers = rolesOnly('practitioner', 'agency-lead');

const childPage = async (ctx: PageContext<{ id: string }>, form?: Partial<FormErrors>, status = 200) => {
  // The page names no one: it is reached from the child's record, which shows what this viewer may see of them.
  if (!(await people.picture(ctx.db, ctx.actor, ctx.params.id))) return notFound();
  const current = await service.schoolOfChild(ctx.db, ctx.actor, ctx.params.id);
  const schools = await service.activeSchools(ctx.db, ctx.actor);
  return view('schools/views/child-school.njk', present.childSchool(current, schools, form), { status });
};

export const schoolOfChild = definePage({
  path: '/schools/children/:id',
  access: workers,
  params: f.byId,
  audit: { action: 'school-pupil.view', subjectType: 'person' },
  get: (ctx) => childPage(ctx),
  post: {
    audit: { action: 'school-pupil.record', subjectType: 'person' },
    schema: f.childSchoolForm,
    invalid: (ctx, form) => childPage(ctx, form),
    handle: async (ctx, v, values) => {
      // Only a child whose record this practitioner can see.
      if (!(await people.picture(ctx.db, ctx.actor, ctx.params.id))) return notFound();
      const outcome = await service.recordSchoolOfChild(ctx.db, ctx.actor, ctx.params.id, v.schoolId);
      if (!outcome.ok)
        return childPage(ctx, { values, ...problemErrors({ ...outcome.problem, problem: outcome.problem.text }) }, 400);
      return redirect(`/schools/children/${ctx.params.id}?recorded=1`);
    },
  },
});
