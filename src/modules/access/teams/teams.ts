import { z } from 'zod';
import { problemErrors } from '../../../platform/pages/form-problem.ts';
import { definePage, type FormErrors, type PageContext } from '../../../platform/pages/page.ts';
import { notFound, redirect, view, type PageResult } from '../../../platform/pages/results.ts';
import { administrators, byId } from '../page-rules.ts';
import * as present from '../presenters/teams.ts';
import * as service from './service.ts';

// An administrator's pages for the partnership's teams, their members, and choosing the designated
// safeguarding reviewer (which a second administrator approves).

const teamForm = z.object({
  agencyId: z.uuid({ error: 'access.teams.error.agency' }),
  name: z.string().trim().min(2, 'access.teams.error.name').max(120, 'access.teams.error.name-long'),
});
const memberForm = z.object({ userId: z.uuid({ error: 'access.teams.error.person' }) });
const reviewerForm = z.object({ userId: z.uuid({ error: 'access.teams.error.reviewer' }) });

async function teamsPage(
  { db, actor, query }: PageContext<unknown>,
  form: present.TeamsForms = {},
): Promise<PageResult> {
  const page = await service.teamsPage(db, actor);
  const waiting = await service.waitingReviewer(db, actor);
  const status = form.team?.errorList || form.reviewer?.errorList ? 400 : 200;
  return view('access/views/teams.njk', present.teams(page, waiting, query.asked === 'reviewer', form), { status });
}

async function teamPage({ db, actor, params }: PageContext<{ id: string }>, form: Partial<FormErrors> = {}) {
  const page = await service.teamPage(db, actor, params.id);
  if (!page) return notFound();
  return view('access/views/team.njk', present.team(page, form), { status: form.errorList ? 400 : 200 });
}

export const teams = definePage({
  path: '/admin/teams',
  access: administrators,
  get: (ctx) => teamsPage(ctx),
  post: {
    audit: { action: 'team.create', subjectType: 'agency', subjectId: () => null },
    schema: teamForm,
    invalid: (ctx, form) => teamsPage(ctx, { team: form }),
    handle: async (ctx, { agencyId, name }, values) => {
      if (!(await service.addTeam(ctx.db, ctx.actor, agencyId, name)))
        return teamsPage(ctx, {
          team: { values, ...problemErrors({ field: 'name', problem: 'access.teams.error.exists' }) },
        });
      return redirect('/admin/teams', { subjectId: agencyId });
    },
  },
});

export const chooseReviewer = definePage({
  path: '/admin/safeguarding-reviewer',
  access: administrators,
  post: {
    audit: { action: 'safeguarding-reviewer.request', subjectType: 'user', subjectId: () => null },
    schema: reviewerForm,
    invalid: (ctx, form) => teamsPage(ctx, { reviewer: form }),
    handle: async (ctx, { userId }) => {
      if (!(await service.askForReviewer(ctx.db, ctx.actor, userId)))
        return teamsPage(ctx, {
          reviewer: problemErrors({ field: 'userId', problem: 'access.teams.error.caseworker' }),
        });
      return redirect('/admin/teams?asked=reviewer', { subjectId: userId });
    },
  },
});

export const team = definePage({
  path: '/admin/teams/:id',
  access: administrators,
  params: byId,
  get: (ctx) => teamPage(ctx),
});

const membership = (action: 'add' | 'remove') =>
  definePage({
    path: `/admin/teams/:id/members${action === 'remove' ? '/remove' : ''}`,
    access: administrators,
    params: byId,
    post: {
      audit: { action: `team.member-${action}`, subjectType: 'user', subjectId: () => null },
      schema: memberForm,
      invalid: (ctx, form) => teamPage(ctx, form),
      handle: async (ctx, { userId }) => {
        const { db, actor, params } = ctx;
        if (!(await service.teamPage(db, actor, params.id))) return notFound();
        const done =
          action === 'add'
            ? await service.addMember(db, actor, params.id, userId)
            : await service.removeMember(db, actor, params.id, userId);
        if (!done) return teamPage(ctx, problemErrors({ field: 'userId', problem: `access.teams.error.${action}` }));
        return redirect(`/admin/teams/${params.id}`, { subjectId: userId });
      },
    },
  });

export const addMember = membership('add');
export const removeMember = membership('remove');
