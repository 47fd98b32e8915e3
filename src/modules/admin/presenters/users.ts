import { ROLES } from '../../../db/schema.ts';
import type { FormErrors } from '../../../platform/pages/page.ts';
import { label } from '../../../platform/language/index.ts';
import { formatDateTime } from '../../../platform/views/nunjucks.ts';
import type { findUser, listAgencies, listRoleChanges, listUsers } from '../service.ts';

type User = Awaited<ReturnType<typeof listUsers>>[number];
type Change = Awaited<ReturnType<typeof listRoleChanges>>[number];
type Agency = Awaited<ReturnType<typeof listAgencies>>[number];
export type FoundUser = NonNullable<Awaited<ReturnType<typeof findUser>>>;

/** What a change grants: a role, or the partnership's designated safeguarding reviewer. */
const grantLabel = (what: string) =>
  what === 'safeguarding-reviewer' ? label('admin.change.safeguarding-reviewer') : label(`role.${what}`);

const changeStatus = (c: Change) =>
  c.status === 'waiting'
    ? label('admin.users.change-waiting')
    : label(c.status === 'approved' ? 'admin.users.change-approved' : 'admin.users.change-refused', {
        name: c.decided_by_name,
        when: c.decided_at ? formatDateTime(c.decided_at) : '',
      });

export const userList = (users: User[], changes: Change[], asked: boolean) => ({
  title: label('admin.users.title'),
  section: 'users',
  asked,
  users: users.map((u) => ({
    ...u,
    roleLabel: label(`role.${u.role}`),
    statusLabel: label(u.active ? 'admin.status.active' : 'admin.status.deactivated'),
  })),
  roleChanges: changes.map((c) => ({
    ...c,
    grantLabel: grantLabel(c.role),
    what: label('admin.users.change-what', { name: c.user_name, role: grantLabel(c.role) }),
    statusText: changeStatus(c),
    decidable: c.status === 'waiting' && !c.mine,
    waiting: c.status === 'waiting',
  })),
});

export const agencyItems = (agencies: Agency[], selected?: unknown) => [
  { value: '', text: label('admin.user-form.select-agency') },
  ...agencies.filter((a) => a.active).map((a) => ({ value: a.id, text: a.name, selected: a.id === selected })),
];

const roleItems = (selected: unknown) =>
  ROLES.map((role) => ({ value: role, text: label(`role.${role}`), selected: role === selected }));

/** The values of a user's form as the user is now. */
export const userValues = (user: FoundUser) => ({
  displayName: user.display_name,
  email: user.email,
  agencyId: user.agency_id,
  role: user.role,
  active: user.active ? 'yes' : 'no',
});

/** The form to add a user (no user) or change one, with the answers given or the user as they are. */
export const userForm = (
  agencies: Agency[],
  user: FoundUser | null,
  values: Record<string, unknown>,
  form: Partial<FormErrors> = {},
) => ({
  title: label(user ? 'admin.user-form.title-edit' : 'admin.user-form.title-new'),
  section: 'users',
  values,
  agencyItems: agencyItems(agencies, values.agencyId),
  roleItems: roleItems(values.role),
  action: user ? `/admin/users/${user.id}` : '/admin/users',
  editing: Boolean(user),
  userId: user?.id,
  errors: form.errors,
  errorList: form.errorList,
});

export const invited = (reset = false) => ({ title: label('admin.invited.title'), section: 'users', reset });
