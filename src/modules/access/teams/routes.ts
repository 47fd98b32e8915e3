import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { rolesOnly } from '../../../platform/access.ts';
import { formFields, validateForm } from '../../../platform/forms.ts';
import * as service from './service.ts';

const idParam = z.object({ id: z.uuid() });
const teamForm = z.object({
  agencyId: z.uuid({ error: 'Select the agency the team belongs to' }),
  name: z.string().trim().min(2, 'Enter the team’s name').max(120, 'The name must be 120 characters or fewer'),
});
const memberForm = z.object({ userId: z.uuid({ error: 'Select a person' }) });
const reviewerForm = z.object({ userId: z.uuid({ error: 'Select the safeguarding reviewer' }) });

/** An administrator's page for the partnership's teams, their members and the designated safeguarding reviewer. */
export async function teamRoutes(app: FastifyInstance): Promise<void> {
  const db = app.dbs.app;
  const administrators = { access: rolesOnly('administrator') };
  const teamId = (request: FastifyRequest) => {
    const p = idParam.safeParse(request.params);
    return p.success ? p.data.id : null;
  };

  async function teamsPage(request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) {
    const page = await service.teamsPage(db, request.actor!);
    return reply
      .code(extra.errorList ? 400 : 200)
      .page('access/views/teams.njk', { title: 'Teams', section: 'teams', ...page, values: {}, ...extra });
  }

  app.get('/admin/teams', { config: administrators }, (request, reply) => teamsPage(request, reply));

  app.post('/admin/teams', { config: administrators }, async (request, reply) => {
    const values = formFields(request.body);
    const form = validateForm(teamForm, values);
    if (!form.ok) return teamsPage(request, reply, { values, errors: form.errors, errorList: form.errorList });
    if (!(await service.addTeam(db, request.actor!, form.value.agencyId, form.value.name))) {
      const text = 'That agency already has a team with this name';
      return teamsPage(request, reply, { values, errors: { name: { text } }, errorList: [{ text, href: '#name' }] });
    }
    await app.audit.record(request, { action: 'team.create', subjectType: 'agency', subjectId: form.value.agencyId });
    return reply.redirect('/admin/teams', 303);
  });

  app.post('/admin/safeguarding-reviewer', { config: administrators }, async (request, reply) => {
    const form = validateForm(reviewerForm, formFields(request.body));
    if (!form.ok) return teamsPage(request, reply, { reviewerErrors: form.errors, errorList: form.errorList });
    if (!(await service.designateReviewer(db, request.actor!, form.value.userId))) {
      const text = 'Select someone who works cases in the partnership';
      return teamsPage(request, reply, {
        reviewerErrors: { userId: { text } },
        errorList: [{ text, href: '#userId' }],
      });
    }
    await app.audit.record(request, {
      action: 'safeguarding-reviewer.designate',
      subjectType: 'user',
      subjectId: form.value.userId,
    });
    return reply.redirect('/admin/teams', 303);
  });

  async function teamPage(request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) {
    const id = teamId(request);
    const page = id ? await service.teamPage(db, request.actor!, id) : null;
    if (!page) return reply.callNotFound();
    return reply
      .code(extra.errorList ? 400 : 200)
      .page('access/views/team.njk', { title: 'Team members', section: 'teams', ...page, ...extra });
  }

  app.get('/admin/teams/:id', { config: administrators }, (request, reply) => teamPage(request, reply));

  for (const action of ['add', 'remove'] as const) {
    app.post(
      `/admin/teams/:id/members${action === 'remove' ? '/remove' : ''}`,
      { config: administrators },
      async (request, reply) => {
        const id = teamId(request);
        if (!id || !(await service.teamPage(db, request.actor!, id))) return reply.callNotFound();
        const form = validateForm(memberForm, formFields(request.body));
        if (!form.ok) return teamPage(request, reply, { errors: form.errors, errorList: form.errorList });
        const done =
          action === 'add'
            ? await service.addMember(db, request.actor!, id, form.value.userId)
            : await service.removeMember(db, request.actor!, id, form.value.userId);
        if (!done) {
          const text =
            action === 'add' ? 'Select someone who works for the team’s agency' : 'That person is not in this team';
          return teamPage(request, reply, { errors: { userId: { text } }, errorList: [{ text, href: '#userId' }] });
        }
        await app.audit.record(request, {
          action: `team.member-${action}`,
          subjectType: 'user',
          subjectId: form.value.userId,
        });
        return reply.redirect(`/admin/teams/${id}`, 303);
      },
    );
  }
}
