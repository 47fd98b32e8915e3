import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { rolesOnly } from '../../platform/access.ts';
import { formFields, validateForm, type FormResult } from '../../platform/forms.ts';
import { createMailer } from '../../platform/mail.ts';
import { AGENCY_KINDS, ROLES } from '../../db/schema.ts';
import { AGENCY_KIND_LABELS, ROLE_LABELS } from './labels.ts';
import { agencyEditForm, agencyForm, apiCredentialForm, userEditForm, userForm } from './forms.ts';
import * as service from './service.ts';
import { openWorkOf } from '../handover/service.ts';
import type { Actor } from '../../db/tenancy.ts';

const administrators = { access: rolesOnly('administrator') };
const idParam = z.object({ id: z.uuid() });

const kindItems = (selected?: unknown) =>
  AGENCY_KINDS.map((kind) => ({ value: kind, text: AGENCY_KIND_LABELS[kind], selected: kind === selected }));
const roleItems = (selected?: unknown) =>
  ROLES.map((role) => ({ value: role, text: ROLE_LABELS[role], selected: role === selected }));

function withProblem(
  reply: FastifyReply,
  template: string,
  context: Record<string, unknown>,
  problem: { field: string; text: string },
) {
  return reply.code(400).page(template, {
    ...context,
    errors: { [problem.field]: { text: problem.text } },
    errorList: [{ text: problem.text, href: `#${problem.field}` }],
  });
}

const invalid = <T>(form: FormResult<T>) => (form.ok ? {} : { errors: form.errors, errorList: form.errorList });

export async function adminRoutes(app: FastifyInstance): Promise<void> {
  const db = app.dbs.app;
  const mailer = createMailer(app.config, app.log);
  app.addHook('onClose', async () => mailer.close());
  const invites = { config: app.config, mailer, log: app.log };

  app.get('/admin/agencies', { config: administrators }, async (request, reply) => {
    const agencies = await service.listAgencies(db, request.actor!);
    return reply.page('admin/views/agencies.njk', {
      title: 'Agencies',
      section: 'agencies',
      agencies,
      kindLabels: AGENCY_KIND_LABELS,
    });
  });

  app.get('/admin/agencies/new', { config: administrators }, async (_request, reply) =>
    reply.page('admin/views/agency-form.njk', {
      title: 'Add an agency',
      section: 'agencies',
      values: {},
      kindItems: kindItems(),
      action: '/admin/agencies',
    }),
  );

  app.post('/admin/agencies', { config: administrators }, async (request, reply) => {
    const values = formFields(request.body);
    const context = {
      title: 'Add an agency',
      section: 'agencies',
      values,
      kindItems: kindItems(values.kind),
      action: '/admin/agencies',
    };
    const form = validateForm(agencyForm, values);
    if (!form.ok) return reply.code(400).page('admin/views/agency-form.njk', { ...context, ...invalid(form) });
    const created = await service.createAgency(db, request.actor!, form.value);
    if (!created.ok) return withProblem(reply, 'admin/views/agency-form.njk', context, created.problem);
    await app.audit.record(request, { action: 'agency.create', subjectType: 'agency', subjectId: created.value });
    return reply.redirect('/admin/agencies', 303);
  });

  app.get('/admin/agencies/:id/edit', { config: administrators }, async (request, reply) => {
    const params = idParam.safeParse(request.params);
    const agency = params.success ? await service.findAgency(db, request.actor!, params.data.id) : undefined;
    if (!agency || !params.success) return reply.callNotFound();
    const values = { name: agency.name, kind: agency.kind, active: agency.active ? 'yes' : 'no' };
    return reply.page('admin/views/agency-form.njk', {
      title: 'Change an agency',
      section: 'agencies',
      values,
      kindItems: kindItems(agency.kind),
      action: `/admin/agencies/${agency.id}`,
      editing: true,
    });
  });

  app.post('/admin/agencies/:id', { config: administrators }, async (request, reply) => {
    const params = idParam.safeParse(request.params);
    // Existence first: another partnership's agency is "not found" whatever was posted.
    if (!params.success || !(await service.findAgency(db, request.actor!, params.data.id))) return reply.callNotFound();
    const values = formFields(request.body);
    const context = {
      title: 'Change an agency',
      section: 'agencies',
      values,
      kindItems: kindItems(values.kind),
      action: `/admin/agencies/${params.data.id}`,
      editing: true,
    };
    const form = validateForm(agencyEditForm, values);
    if (!form.ok) return reply.code(400).page('admin/views/agency-form.njk', { ...context, ...invalid(form) });
    const updated = await service.updateAgency(db, request.actor!, params.data.id, {
      ...form.value,
      active: form.value.active === 'yes',
    });
    if (!updated.ok) return withProblem(reply, 'admin/views/agency-form.njk', context, updated.problem);
    if (!updated.value) return reply.callNotFound();
    await app.audit.record(request, { action: 'agency.update', subjectType: 'agency', subjectId: params.data.id });
    return reply.redirect('/admin/agencies', 303);
  });

  app.get('/admin/users', { config: administrators }, async (request, reply) => {
    const users = await service.listUsers(db, request.actor!);
    const roleChanges = await service.listRoleChanges(db, request.actor!);
    await app.audit.record(request, { action: 'user.list', subjectType: 'user' });
    return reply.page('admin/views/users.njk', {
      title: 'Users',
      section: 'users',
      users,
      roleChanges,
      asked: (request.query as Record<string, unknown>).asked === 'role',
      roleLabels: ROLE_LABELS,
    });
  });

  // A second administrator decides a waiting grant of agency lead or administrator; the one who asked cannot.
  for (const [verb, approve] of [
    ['approve', true],
    ['refuse', false],
  ] as const) {
    app.post(`/admin/role-changes/:id/${verb}`, { config: administrators }, async (request, reply) => {
      const params = idParam.safeParse(request.params);
      const decided = params.success
        ? await service.decideRoleChange(db, request.actor!, params.data.id, approve)
        : null;
      await app.audit.record(request, {
        action: approve ? 'user.role.approve' : 'user.role.refuse',
        subjectType: 'user',
        subjectId: decided?.userId ?? null,
        outcome: decided ? 'success' : 'denied',
      });
      if (!decided) return reply.callNotFound();
      return reply.redirect('/admin/users', 303);
    });
  }

  const agencyItems = async (actor: Actor, selected?: unknown) => [
    { value: '', text: 'Select an agency' },
    ...(await service.listAgencies(db, actor))
      .filter((a) => a.active)
      .map((a) => ({ value: a.id, text: a.name, selected: a.id === selected })),
  ];

  type FoundUser = NonNullable<Awaited<ReturnType<typeof service.findUser>>>;
  const editPage = async (actor: Actor, user: FoundUser) => ({
    title: 'Change a user',
    section: 'users',
    values: {
      displayName: user.display_name,
      email: user.email,
      agencyId: user.agency_id,
      role: user.role,
      active: user.active ? 'yes' : 'no',
    },
    agencyItems: await agencyItems(actor, user.agency_id),
    roleItems: roleItems(user.role),
    action: `/admin/users/${user.id}`,
    editing: true,
    userId: user.id,
  });

  app.get('/admin/users/new', { config: administrators }, async (request, reply) =>
    reply.page('admin/views/user-form.njk', {
      title: 'Add a user',
      section: 'users',
      values: {},
      agencyItems: await agencyItems(request.actor!),
      roleItems: roleItems(),
      action: '/admin/users',
    }),
  );

  app.post('/admin/users', { config: administrators }, async (request, reply) => {
    const values = formFields(request.body);
    const context = {
      title: 'Add a user',
      section: 'users',
      values,
      agencyItems: await agencyItems(request.actor!, values.agencyId),
      roleItems: roleItems(values.role),
      action: '/admin/users',
    };
    const form = validateForm(userForm, values);
    if (!form.ok) return reply.code(400).page('admin/views/user-form.njk', { ...context, ...invalid(form) });
    const created = await service.createUser(db, request.actor!, form.value, invites);
    if (!created.ok) return withProblem(reply, 'admin/views/user-form.njk', context, created.problem);
    if (created.value) {
      await app.audit.record(request, { action: 'user.create', subjectType: 'user', subjectId: created.value });
      await app.audit.record(request, { action: 'user.invite', subjectType: 'user', subjectId: created.value });
    } else {
      await app.audit.record(request, { action: 'user.create', subjectType: 'user', outcome: 'failure' });
    }
    // The link went to the user's own address; the administrator is told only that it was sent.
    return reply.page('admin/views/user-invited.njk', { title: 'Invitation sent', section: 'users' });
  });

  app.post('/admin/users/:id/reset', { config: administrators }, async (request, reply) => {
    const params = idParam.safeParse(request.params);
    const user = params.success ? await service.findUser(db, request.actor!, params.data.id) : undefined;
    if (!user) return reply.callNotFound();
    const reset = await service.resetUser(db, request.actor!, user.id, invites);
    await app.audit.record(request, {
      action: 'user.reset',
      subjectType: 'user',
      subjectId: user.id,
      outcome: reset.ok && reset.value ? 'success' : 'failure',
    });
    if (!reset.ok) {
      const page = await editPage(request.actor!, user);
      return withProblem(reply, 'admin/views/user-form.njk', page, reset.problem);
    }
    if (!reset.value) return reply.callNotFound();
    return reply.page('admin/views/user-invited.njk', { title: 'Invitation sent', section: 'users', reset: true });
  });

  app.get('/admin/users/:id/edit', { config: administrators }, async (request, reply) => {
    const params = idParam.safeParse(request.params);
    const user = params.success ? await service.findUser(db, request.actor!, params.data.id) : undefined;
    if (!user) return reply.callNotFound();
    await app.audit.record(request, { action: 'user.view', subjectType: 'user', subjectId: user.id });
    return reply.page('admin/views/user-form.njk', await editPage(request.actor!, user));
  });

  app.post('/admin/users/:id', { config: administrators }, async (request, reply) => {
    const params = idParam.safeParse(request.params);
    if (!params.success) return reply.callNotFound();
    const existing = await service.findUser(db, request.actor!, params.data.id);
    if (!existing) return reply.callNotFound();
    const values: Record<string, unknown> = { ...formFields(request.body), email: existing.email };
    const context = {
      title: 'Change a user',
      section: 'users',
      values,
      agencyItems: await agencyItems(request.actor!, values.agencyId),
      roleItems: roleItems(values.role),
      action: `/admin/users/${params.data.id}`,
      editing: true,
    };
    const form = validateForm(userEditForm, values);
    if (!form.ok) return reply.code(400).page('admin/views/user-form.njk', { ...context, ...invalid(form) });
    // Nothing stays with a deactivated user: one who still owns open work is handed over first.
    if (
      existing.active &&
      form.value.active === 'no' &&
      ((await openWorkOf(db, request.actor!, existing.id))?.total ?? 0) > 0
    )
      return reply.redirect(`/admin/users/${existing.id}/handover?deactivating=1`, 303);
    const updated = await service.updateUser(db, request.actor!, params.data.id, {
      ...form.value,
      active: form.value.active === 'yes',
    });
    if (!updated.ok) return withProblem(reply, 'admin/views/user-form.njk', context, updated.problem);
    await app.audit.record(request, { action: 'user.update', subjectType: 'user', subjectId: params.data.id });
    if (updated.value.roleChangeRequested) {
      await app.audit.record(request, {
        action: 'user.role.request',
        subjectType: 'user',
        subjectId: params.data.id,
      });
      return reply.redirect('/admin/users?asked=role', 303);
    }
    return reply.redirect('/admin/users', 303);
  });

  app.get('/admin/api-credentials', { config: administrators }, async (request, reply) => {
    const credentials = await service.listApiCredentials(db, request.actor!);
    return reply.page('admin/views/api-credentials.njk', {
      title: 'API credentials',
      section: 'agencies',
      credentials,
      values: {},
      agencyItems: await agencyItems(request.actor!),
    });
  });

  app.post('/admin/api-credentials', { config: administrators }, async (request, reply) => {
    const values = formFields(request.body);
    const context = async () => ({
      title: 'API credentials',
      section: 'agencies',
      credentials: await service.listApiCredentials(db, request.actor!),
      values,
      agencyItems: await agencyItems(request.actor!, values.agencyId),
    });
    const form = validateForm(apiCredentialForm, values);
    if (!form.ok)
      return reply.code(400).page('admin/views/api-credentials.njk', { ...(await context()), ...invalid(form) });
    const issued = await service.issueApiCredential(db, request.actor!, form.value);
    if (!issued.ok) return withProblem(reply, 'admin/views/api-credentials.njk', await context(), issued.problem);
    await app.audit.record(request, {
      action: 'api-credential.issue',
      subjectType: 'api-credential',
      subjectId: issued.value.id,
    });
    return reply.page('admin/views/api-credential-issued.njk', {
      title: 'API credential issued',
      section: 'agencies',
      token: issued.value.token,
    });
  });

  app.post('/admin/api-credentials/:id/revoke', { config: administrators }, async (request, reply) => {
    const params = idParam.safeParse(request.params);
    const revoked = params.success && (await service.revokeApiCredential(db, request.actor!, params.data.id));
    await app.audit.record(request, {
      action: 'api-credential.revoke',
      subjectType: 'api-credential',
      subjectId: params.success ? params.data.id : null,
      outcome: revoked ? 'success' : 'failure',
    });
    if (!revoked) return reply.callNotFound();
    return reply.redirect('/admin/api-credentials', 303);
  });

  app.post('/admin/api-credentials/:id/rotate', { config: administrators }, async (request, reply) => {
    const params = idParam.safeParse(request.params);
    const rotated = params.success ? await service.rotateApiCredential(db, request.actor!, params.data.id) : null;
    await app.audit.record(request, {
      action: 'api-credential.rotate',
      subjectType: 'api-credential',
      subjectId: params.success ? params.data.id : null,
      outcome: rotated ? 'success' : 'failure',
    });
    if (!rotated) return reply.callNotFound();
    await app.audit.record(request, {
      action: 'api-credential.issue',
      subjectType: 'api-credential',
      subjectId: rotated.id,
    });
    return reply.page('admin/views/api-credential-issued.njk', {
      title: 'API credential issued',
      section: 'agencies',
      token: rotated.token,
      rotated: true,
    });
  });
}
