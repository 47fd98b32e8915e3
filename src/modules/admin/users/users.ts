import { problemErrors } from '../../../platform/pages/form-problem.ts';
import { definePage, type PageContext } from '../../../platform/pages/page.ts';
import { notFound, redirect, view, type PageResult } from '../../../platform/pages/results.ts';
import { openWorkOf } from '../../handover/service.ts';
import { userEditForm, userForm } from '../forms.ts';
import { administrators, byId, invitesOf } from '../page-rules.ts';
import * as present from '../presenters/users.ts';
import * as service from '../service.ts';

// The partnership's users: the list with the role changes waiting, adding a user by invitation, changing one.

const FORM = 'admin/views/user-form.njk';

async function formPage(
  { db, actor }: PageContext<unknown>,
  user: present.FoundUser | null,
  values: Record<string, unknown>,
  form: Parameters<typeof present.userForm>[3] = {},
  status = 200,
): Promise<PageResult> {
  return view(FORM, present.userForm(await service.listAgencies(db, actor), user, values, form), { status });
}

/** The user a page is about, or not found: another partnership's user is not found, whatever was posted. */
async function forUser(ctx: PageContext<{ id: string }>, show: (user: present.FoundUser) => Promise<PageResult>) {
  const user = await service.findUser(ctx.db, ctx.actor, ctx.params.id);
  return user ? show(user) : notFound();
}

export const users = definePage({
  path: '/admin/users',
  access: administrators,
  audit: { action: 'user.list', subjectType: 'user', subjectId: () => null },
  get: async ({ db, actor, query }) =>
    view(
      'admin/views/users.njk',
      present.userList(
        await service.listUsers(db, actor),
        await service.listRoleChanges(db, actor),
        query.asked === 'role',
      ),
    ),
  post: {
    audit: { action: 'user.create', subjectType: 'user', subjectId: () => null },
    schema: userForm,
    invalid: (ctx, form) => formPage(ctx, null, form.values, form),
    handle: async (ctx, value, fields) => {
      const created = await service.createUser(ctx.db, ctx.actor, value, invitesOf(ctx.app));
      if (!created.ok) return formPage(ctx, null, fields, problemErrors(created.problem), 400);
      // The link went to the user's own address; the administrator is told only that it was sent.
      // The invitation is a second event; an address held in another partnership looks the same, and fails.
      return view('admin/views/user-invited.njk', present.invited(), {
        subjectId: created.value,
        ...(created.value
          ? { also: [{ action: 'user.invite', subjectType: 'user', subjectId: created.value }] }
          : { outcome: 'failure' as const }),
      });
    },
  },
});

export const newUser = definePage({
  path: '/admin/users/new',
  access: administrators,
  get: (ctx) => formPage(ctx, null, {}),
});

export const editUser = definePage({
  path: '/admin/users/:id/edit',
  access: administrators,
  params: byId,
  audit: { action: 'user.view', subjectType: 'user' },
  get: (ctx) => forUser(ctx, (user) => formPage(ctx, user, present.userValues(user))),
});

export const updateUser = definePage({
  path: '/admin/users/:id',
  access: administrators,
  params: byId,
  post: {
    audit: { action: 'user.update', subjectType: 'user' },
    schema: userEditForm,
    invalid: (ctx, form) => forUser(ctx, (user) => formPage(ctx, user, { ...form.values, email: user.email }, form)),
    handle: (ctx, value, fields) =>
      forUser(ctx, async (user) => {
        const { db, actor, params } = ctx;
        // Nothing stays with a deactivated user: one who still owns open work is handed over first.
        if (user.active && value.active === 'no' && ((await openWorkOf(db, actor, user.id))?.total ?? 0) > 0)
          return redirect(`/admin/users/${user.id}/handover?deactivating=1`, { outcome: 'failure' });
        const updated = await service.updateUser(db, actor, params.id, { ...value, active: value.active === 'yes' });
        if (!updated.ok)
          return formPage(ctx, user, { ...fields, email: user.email }, problemErrors(updated.problem), 400);
        if (!updated.value.roleChangeRequested) return redirect('/admin/users');
        // A role that needs a second administrator's approval is asked for: an event of its own.
        return redirect('/admin/users?asked=role', {
          also: [{ action: 'user.role.request', subjectType: 'user', subjectId: user.id }],
        });
      }),
  },
});

export const resetUser = definePage({
  path: '/admin/users/:id/reset',
  access: administrators,
  params: byId,
  audit: { action: 'user.reset', subjectType: 'user' },
  post: (ctx) =>
    forUser(ctx, async (user) => {
      const reset = await service.resetUser(ctx.db, ctx.actor, user.id, invitesOf(ctx.app));
      if (!reset.ok) return formPage(ctx, user, present.userValues(user), problemErrors(reset.problem), 400);
      return reset.value ? view('admin/views/user-invited.njk', present.invited(true)) : notFound();
    }),
});
