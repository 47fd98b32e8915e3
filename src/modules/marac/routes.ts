import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { anySignedIn, rolesOnly } from '../../platform/access.ts';
import { formFields, validateForm } from '../../platform/forms.ts';
import { enqueue, JobRunner } from '../../platform/jobs.ts';
import { createMailer } from '../../platform/mail.ts';
import { sendTable, TABLE_FORMATS } from '../../platform/spreadsheet.ts';
import * as f from './forms.ts';
import * as L from './labels.ts';
import { quarterOf, returnSpreadsheet } from './rules.ts';
import * as service from './service.ts';
import { maracFor } from './for-viewer.ts';
import { viewerOf } from '../access/viewer.ts';

const coordinator = { access: rolesOnly('marac-coordinator') };
// The quarterly return is aggregate: the partnership analyst reads it too (through functions that give no identities).
const returnReaders = { access: rolesOnly('marac-coordinator', 'partnership-analyst') };
const coordinatorOrChair = { access: rolesOnly('marac-coordinator', 'marac-chair') };
const everyone = { access: anySignedIn };
const id = z.object({ id: z.uuid() });
const meetingCase = z.object({ id: z.uuid(), caseId: z.uuid() });
const labels = L;
const OVERDUE_QUEUE = 'marac.overdue-reminders';
const RESEARCH_QUEUE = 'marac.research-reminders';

/** The MARAC background jobs, wired to the mailer. The app runs them on an interval; tests call runDue() directly. */
export function createMaracJobs(config: Config, owner: Kysely<Database>, log?: { info(obj: object, msg: string): void; error(obj: object, msg: string): void }) {
  const mailer = createMailer(config, log);
  const runner = new JobRunner(owner, log).handle(OVERDUE_QUEUE, async (payload) => {
    await service.sendOverdueReminders(owner, mailer, config.publicUrl, typeof payload.on === 'string' ? payload.on : undefined);
  }).handle(RESEARCH_QUEUE, async (payload) => {
    await service.sendResearchReminders(owner, mailer, config.publicUrl, payload as Parameters<typeof service.sendResearchReminders>[3]);
  });
  /** Once a day: the singleton key makes every instance's tick enqueue the same single job. */
  const scheduleDaily = async (on = new Date().toISOString().slice(0, 10)) => {
    await enqueue(owner, OVERDUE_QUEUE, { on }, { singletonKey: `${OVERDUE_QUEUE}:${on}` });
  };
  return { runner, mailer, scheduleDaily };
}

export async function maracRoutes(app: FastifyInstance): Promise<void> {
  const db = app.dbs.app;
  const jobs = createMaracJobs(app.config, app.dbs.owner, app.log);
  if (app.config.env !== 'test') {
    app.addHook('onReady', async () => jobs.runner.start(10 * 60_000, () => jobs.scheduleDaily()));
  }
  app.addHook('onClose', async () => {
    await jobs.runner.stop();
    jobs.mailer.close();
  });

  const audit = (request: FastifyRequest, action: string, subjectType: string, subjectId: string | null, outcome: 'success' | 'failure' | 'denied' = 'success') =>
    app.audit.record(request, { action, subjectType, subjectId, outcome });
  const notFound = async (reply: FastifyReply) => {
    await reply.callNotFound();
    return reply;
  };
  const refused = (reply: FastifyReply) => reply.code(403).page('error.njk', {
    title: 'You do not have access to this page', message: 'Only the agencies attending this meeting, its chair and the MARAC coordinator can see its agenda, research and minutes.',
  });
  const problem = (p: { problem: string; field?: string }) => ({ errors: { [p.field ?? 'form']: { text: p.problem } }, errorList: [{ text: p.problem, href: `#${p.field ?? 'form'}` }] });
  const params = <T extends z.ZodType>(schema: T, request: FastifyRequest) => schema.safeParse(request.params);

  // Referrals -----------------------------------------------------------------

  app.get('/marac', { config: everyone }, async (request, reply) =>
    reply.page('marac/views/index.njk', { title: 'MARAC', section: 'marac', role: request.actor!.role }));

  app.get('/marac/referrals', { config: coordinator }, async (request, reply) => {
    const queue = await maracFor(db, viewerOf(request)).referralQueue();
    await audit(request, 'marac-referral.list', 'marac-referral', null);
    return reply.page('marac/views/referrals.njk', { title: 'MARAC referrals', section: 'marac', ...queue, labels });
  });

  const renderReferral = async (request: FastifyRequest, reply: FastifyReply, referralId: string, extra: Record<string, unknown> = {}) => {
    const referral = await maracFor(db, viewerOf(request)).getReferral(referralId);
    await audit(request, 'marac-referral.view', 'marac-referral', referralId, referral ? 'success' : 'failure');
    if (!referral) return notFound(reply);
    const values = extra.values ?? { riskLevel: referral.riskLevel ?? '', childrenInHousehold: referral.children_in_household ?? 0, consentStatus: referral.consent_status ?? '', lawfulBasis: referral.lawful_basis ?? '' };
    return reply.page('marac/views/referral.njk', { title: 'Decide a MARAC referral', section: 'marac', referral, labels, ...extra, values });
  };

  app.get('/marac/referrals/:id', { config: coordinator }, async (request, reply) => {
    const p = params(id, request);
    return p.success ? renderReferral(request, reply, p.data.id) : notFound(reply);
  });

  app.post('/marac/referrals/:id/accept', { config: coordinator }, async (request, reply) => {
    const p = params(id, request);
    if (!p.success) return notFound(reply);
    const values = formFields(request.body);
    const form = validateForm(f.acceptForm, values);
    if (!form.ok) return renderReferral(request, reply.code(400), p.data.id, { values, ...form });
    const v = form.value;
    const outcome = await service.acceptReferral(db, request.actor!, p.data.id, {
      consentStatus: v.consentStatus, lawfulBasis: v.lawfulBasis || null, riskLevel: v.riskLevel, childrenInHousehold: v.childrenInHousehold, summary: v.summary || null,
      victimSex: v.victimSex, victimBme: f.triToBool(v.victimBme), victimLgbt: f.triToBool(v.victimLgbt), victimDisabled: f.triToBool(v.victimDisabled),
    });
    await audit(request, 'marac-referral.accept', 'marac-referral', p.data.id, outcome.ok ? 'success' : 'failure');
    if (!outcome.ok) return renderReferral(request, reply.code(409), p.data.id, { values, ...problem(outcome) });
    return reply.redirect('/marac/referrals?decided=accepted', 303);
  });

  app.post('/marac/referrals/:id/decline', { config: coordinator }, async (request, reply) => {
    const p = params(id, request);
    if (!p.success) return notFound(reply);
    const values = formFields(request.body);
    const form = validateForm(f.declineForm, values);
    if (!form.ok) return renderReferral(request, reply.code(400), p.data.id, { declineValues: values, ...form });
    const outcome = await service.declineReferral(db, request.actor!, p.data.id, form.value.decisionReason);
    await audit(request, 'marac-referral.decline', 'marac-referral', p.data.id, outcome.ok ? 'success' : 'failure');
    if (!outcome.ok) return renderReferral(request, reply.code(409), p.data.id, problem(outcome));
    return reply.redirect('/marac/referrals?decided=declined', 303);
  });

  app.get('/marac/referrals/new', { config: everyone }, async (_request, reply) =>
    reply.page('marac/views/referral-new.njk', { title: 'Refer to MARAC', section: 'marac', values: { childrenInHousehold: '0' } }));

  app.post('/marac/referrals', { config: everyone }, async (request, reply) => {
    const values = formFields(request.body);
    const form = validateForm(f.manualReferralForm, { ...values, dateOfBirth: f.dateInput(values, 'dateOfBirth') });
    if (!form.ok) return reply.code(400).page('marac/views/referral-new.njk', { title: 'Refer to MARAC', section: 'marac', values, ...form });
    const v = form.value;
    const made = await service.referManually(db, request.actor!, {
      victim: { givenName: v.givenName, familyName: v.familyName, dateOfBirth: v.dateOfBirth }, reason: v.reason,
      consentStatus: v.consentStatus, lawfulBasis: v.lawfulBasis || null, childrenInHousehold: v.childrenInHousehold,
    });
    await audit(request, 'marac-referral.create', 'marac-referral', made.id);
    return reply.redirect(`/marac/my-referrals?referred=${made.is_repeat ? 'repeat' : 'new'}`, 303);
  });

  app.get('/marac/my-referrals', { config: everyone }, async (request, reply) => {
    const rows = await maracFor(db, viewerOf(request)).referralsFromMyAgency();
    await audit(request, 'marac-referral.list-own', 'agency', request.actor!.agencyId);
    return reply.page('marac/views/my-referrals.njk', { title: 'Your agency’s MARAC referrals', section: 'marac', rows, labels, referred: (request.query as { referred?: string }).referred });
  });

  // Meetings --------------------------------------------------------------------

  app.get('/marac/meetings', { config: everyone }, async (request, reply) => {
    const rows = await service.meetingsOverview(db, request.actor!);
    return reply.page('marac/views/meetings.njk', { title: 'MARAC meetings', section: 'marac', rows, isCoordinator: request.actor!.role === 'marac-coordinator' });
  });

  const renderMeetingForm = async (request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) => {
    const data = await service.meetingFormData(db, request.actor!);
    const values = (extra.values ?? {}) as Record<string, unknown>;
    const chosen = new Set([values.agencyIds ?? []].flat().map(String));
    return reply.page('marac/views/meeting-new.njk', {
      title: 'Schedule a MARAC meeting', section: 'marac', ...extra, values,
      chairItems: [{ value: '', text: 'Select the chair' }, ...data.chairs.map((c) => ({ value: c.id, text: `${c.display_name} (${c.agency_name})`, selected: c.id === values.chairUserId }))],
      agencyItems: data.agencies.map((a) => ({ value: a.id, text: a.name, checked: chosen.has(a.id) })),
    });
  };

  app.get('/marac/meetings/new', { config: coordinator }, async (request, reply) => renderMeetingForm(request, reply, { values: { capacity: '20' } }));

  app.post('/marac/meetings', { config: coordinator }, async (request, reply) => {
    const values = formFields(request.body);
    const agencyIds = [values.agencyIds ?? []].flat().map(String);
    const form = validateForm(f.meetingForm, { ...values, heldOn: f.dateInput(values, 'heldOn'), agencyIds });
    if (!form.ok) return renderMeetingForm(request, reply.code(400), { values, ...form });
    const outcome = await service.scheduleMeeting(db, request.actor!, form.value);
    if (!outcome.ok) return renderMeetingForm(request, reply.code(400), { values, ...problem(outcome) });
    await audit(request, 'marac-meeting.create', 'marac-meeting', outcome.value);
    return reply.redirect(`/marac/meetings/${outcome.value}`, 303);
  });

  /** Loads a meeting for an attendee, writing the read to the audit log; refuses everyone else (RLS would show them an empty agenda anyway). */
  async function attendedMeeting(request: FastifyRequest, reply: FastifyReply, action: string, onlyCaseId?: string) {
    const p = params(id, request);
    const view = p.success ? await maracFor(db, viewerOf(request)).meetingView(p.data.id) : undefined;
    if (view && onlyCaseId) {
      // A page about one listed case shows nothing of the others on the agenda: the read is about that case's person only.
      viewerOf(request).take();
      viewerOf(request).saw(view.cases.filter((c) => c.case_id === onlyCaseId).map((c) => c.person_id));
    }
    if (!view) {
      await audit(request, action, 'marac-meeting', p.success ? p.data.id : null, 'failure');
      await notFound(reply);
      return null;
    }
    if (!view.meeting.attends) {
      await audit(request, action, 'marac-meeting', view.meeting.id, 'denied');
      await refused(reply);
      return null;
    }
    await audit(request, action, 'marac-meeting', view.meeting.id);
    return view;
  }

  app.get('/marac/meetings/:id', { config: everyone }, async (request, reply) => {
    const view = await attendedMeeting(request, reply, 'marac-meeting.agenda');
    if (!view) return reply;
    const mine = new Set(view.research.filter((r) => r.agency_id === request.actor!.agencyId).map((r) => r.case_id));
    const ownAgencyAttends = view.agencies.some((a) => a.id === request.actor!.agencyId);
    return reply.page('marac/views/agenda.njk', {
      title: 'MARAC agenda', section: 'marac', ...view, mine: [...mine], ownAgencyAttends, role: request.actor!.role,
      placesLeft: view.meeting.capacity - view.cases.length, assigned: (request.query as { assigned?: string }).assigned, labels,
    });
  });

  app.post('/marac/meetings/:id/assign', { config: coordinator }, async (request, reply) => {
    const p = params(id, request);
    // Another partnership's meeting (or one this user cannot see) is not found, not "could not be changed".
    if (!p.success || !(await maracFor(db, viewerOf(request)).meetingView(p.data.id))) return notFound(reply);
    const outcome = await service.assignCases(db, request.actor!, p.data.id);
    await audit(request, 'marac-meeting.assign', 'marac-meeting', p.data.id, outcome.ok ? 'success' : 'failure');
    if (!outcome.ok) return reply.code(409).page('error.njk', { title: 'Cases could not be added', message: outcome.problem });
    return reply.redirect(`/marac/meetings/${p.data.id}?assigned=${outcome.value}`, 303);
  });

  app.get('/marac/meetings/:id/completeness', { config: coordinator }, async (request, reply) => {
    const view = await attendedMeeting(request, reply, 'marac-meeting.completeness');
    if (!view) return reply;
    return reply.page('marac/views/completeness.njk', { title: 'Research completeness', section: 'marac', meeting: view.meeting, ...service.completeness(view),
      reminded: (request.query as { reminded?: string }).reminded });
  });

  app.post('/marac/meetings/:id/research-reminders', { config: coordinator }, async (request, reply) => {
    const view = await attendedMeeting(request, reply, 'marac-meeting.research-reminders');
    if (!view) return reply;
    const agencies = service.missingResearch(view);
    if (agencies.length) {
      await enqueue(app.dbs.owner, RESEARCH_QUEUE, { meetingId: view.meeting.id, heldOn: view.meeting.held_on, agencies });
      void jobs.runner.runDue().catch(() => undefined); // sent now; the queue retries if the mail server is down
    }
    return reply.redirect(`/marac/meetings/${view.meeting.id}/completeness?reminded=${agencies.length}`, 303);
  });

  app.post('/marac/meetings/:id/held', { config: coordinator }, async (request, reply) => {
    const p = params(id, request);
    // Another partnership's meeting (or one this user cannot see) is not found, not "could not be changed".
    if (!p.success || !(await maracFor(db, viewerOf(request)).meetingView(p.data.id))) return notFound(reply);
    const outcome = await service.markHeld(db, request.actor!, p.data.id);
    await audit(request, 'marac-meeting.held', 'marac-meeting', p.data.id, outcome.ok ? 'success' : 'failure');
    if (!outcome.ok) return reply.code(409).page('error.njk', { title: 'The meeting could not be marked as held', message: outcome.problem });
    return reply.redirect(`/marac/meetings/${p.data.id}/minutes`, 303);
  });

  app.get('/marac/meetings/:id/minutes', { config: everyone }, async (request, reply) => {
    const view = await attendedMeeting(request, reply, 'marac-meeting.minutes');
    if (!view) return reply;
    return reply.page('marac/views/minutes.njk', { title: 'MARAC minutes', section: 'marac', ...view, labels });
  });

  // Research -------------------------------------------------------------------

  async function researchPage(request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) {
    const p = params(meetingCase, request);
    if (!p.success) return notFound(reply);
    const view = await attendedMeeting(request, reply, 'marac-research.view', p.data.caseId);
    if (!view) return reply;
    const listed = view.cases.find((c) => c.case_id === p.data.caseId);
    if (!listed || !view.agencies.some((a) => a.id === request.actor!.agencyId)) return notFound(reply);
    const own = view.research.find((r) => r.case_id === listed.case_id && r.agency_id === request.actor!.agencyId);
    const values = extra.values ?? (own ? { noTrace: own.no_trace ? 'yes' : 'no', victim: own.victim, perpetrator: own.perpetrator, children: own.children } : {});
    return reply.page('marac/views/research.njk', { title: 'Your agency’s research', section: 'marac', meeting: view.meeting, listed, ...extra, values });
  }

  app.get('/marac/meetings/:id/cases/:caseId/research', { config: everyone }, async (request, reply) => researchPage(request, reply));

  app.post('/marac/meetings/:id/cases/:caseId/research', { config: everyone }, async (request, reply) => {
    const p = params(meetingCase, request);
    if (!p.success) return notFound(reply);
    const values = formFields(request.body);
    const form = validateForm(f.researchForm, values);
    if (!form.ok) return researchPage(request, reply.code(400), { values, ...form });
    const v = form.value;
    const outcome = await service.recordResearch(db, request.actor!, p.data.id, p.data.caseId, { noTrace: v.noTrace === 'yes', victim: v.victim || null, perpetrator: v.perpetrator || null, children: v.children || null });
    await audit(request, 'marac-research.record', 'marac-case', p.data.caseId, outcome.ok ? 'success' : 'denied');
    if (!outcome.ok) return refused(reply);
    return reply.redirect(`/marac/meetings/${p.data.id}?researched=1`, 303);
  });

  // At the meeting: the chair's view ----------------------------------------------

  async function chairPage(request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) {
    const p = params(meetingCase, request);
    const view = p.success ? await maracFor(db, viewerOf(request)).chairView(p.data.id, p.data.caseId) : undefined;
    await audit(request, 'marac-case.chair-view', 'marac-case', p.success ? p.data.caseId : null, view ? 'success' : 'failure');
    if (!view) return notFound(reply);
    const actionValues = (extra.actionValues ?? {}) as Record<string, unknown>;
    return reply.page('marac/views/chair.njk', {
      title: 'MARAC case discussion', section: 'marac', ...view, labels, ...extra,
      values: extra.values ?? { informationShared: view.listed.information_shared, decisions: view.listed.decisions }, actionValues,
      agencyItems: [{ value: '', text: 'Select the agency' }, ...view.agencies.map((a) => ({ value: a.id, text: a.name, selected: a.id === actionValues.ownerAgencyId }))],
    });
  }

  app.get('/marac/meetings/:id/cases/:caseId', { config: coordinatorOrChair }, async (request, reply) => chairPage(request, reply));

  app.post('/marac/meetings/:id/cases/:caseId/discussion', { config: coordinatorOrChair }, async (request, reply) => {
    const p = params(meetingCase, request);
    if (!p.success) return notFound(reply);
    const values = formFields(request.body);
    const form = validateForm(f.discussionForm, values);
    if (!form.ok) return chairPage(request, reply.code(400), { values, ...form });
    const outcome = await service.recordDiscussion(db, request.actor!, p.data.id, p.data.caseId, { informationShared: form.value.informationShared || null, decisions: form.value.decisions || null });
    await audit(request, 'marac-case.discussion', 'marac-case', p.data.caseId, outcome.ok ? 'success' : 'failure');
    if (!outcome.ok) return notFound(reply);
    return reply.redirect(`/marac/meetings/${p.data.id}/cases/${p.data.caseId}?saved=1`, 303);
  });

  app.post('/marac/meetings/:id/cases/:caseId/actions', { config: coordinatorOrChair }, async (request, reply) => {
    const p = params(meetingCase, request);
    if (!p.success) return notFound(reply);
    const values = formFields(request.body);
    const form = validateForm(f.actionForm, { ...values, dueOn: f.dateInput(values, 'dueOn') });
    if (!form.ok) return chairPage(request, reply.code(400), { actionValues: values, ...form });
    const outcome = await service.addAction(db, request.actor!, p.data.id, p.data.caseId, form.value);
    await audit(request, 'marac-action.create', 'marac-case', p.data.caseId, outcome.ok ? 'success' : 'failure');
    if (!outcome.ok) return chairPage(request, reply.code(400), { actionValues: values, ...problem(outcome) });
    return reply.redirect(`/marac/meetings/${p.data.id}/cases/${p.data.caseId}?action=1`, 303);
  });

  // Actions --------------------------------------------------------------------

  const actionsPage = async (request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) => {
    const rows = await maracFor(db, viewerOf(request)).myOpenActions();
    await audit(request, 'marac-action.list', 'agency', request.actor!.agencyId);
    return reply.page('marac/views/actions.njk', { title: 'Your agency’s MARAC actions', section: 'marac', rows, today: new Date().toISOString().slice(0, 10), ...extra });
  };
  app.get('/marac/actions', { config: everyone }, async (request, reply) => actionsPage(request, reply, { completed: (request.query as { completed?: string }).completed }));

  app.post('/marac/actions/:id/complete', { config: everyone }, async (request, reply) => {
    const p = params(id, request);
    // Not an open action of this agency (another agency's, another partnership's, done): not found, whatever was posted.
    if (!p.success || !(await maracFor(db, viewerOf(request)).myOpenActions()).some((a) => a.id === p.data.id)) return notFound(reply);
    const values = formFields(request.body);
    const form = validateForm(f.completeForm, values);
    if (!form.ok) {
      const field = `note-${p.data.id}`;
      return actionsPage(request, reply.code(400), { errorFor: p.data.id, errors: { [field]: form.errors.note }, errorList: [{ text: form.errors.note!.text, href: `#${field}` }] });
    }
    const outcome = await service.completeAction(db, request.actor!, p.data.id, form.value.note);
    await audit(request, 'marac-action.complete', 'marac-action', p.data.id, outcome.ok ? 'success' : 'denied');
    if (!outcome.ok) return reply.code(403).page('error.njk', { title: 'This action could not be completed', message: outcome.problem });
    return reply.redirect('/marac/actions?completed=1', 303);
  });

  // Repeats --------------------------------------------------------------------

  app.get('/marac/repeats', { config: coordinator }, async (request, reply) => {
    const rows = await maracFor(db, viewerOf(request)).repeatFlags();
    await audit(request, 'marac-repeat.list', 'marac-repeat', null);
    return reply.page('marac/views/repeats.njk', { title: 'Repeat victims flagged', section: 'marac', rows, labels });
  });

  app.post('/marac/repeats/:id/seen', { config: coordinator }, async (request, reply) => {
    const p = params(id, request);
    if (!p.success) return notFound(reply);
    const marked = await service.markFlagSeen(db, request.actor!, p.data.id);
    if (Number(marked.numUpdatedRows) !== 1) return notFound(reply);
    await audit(request, 'marac-repeat.seen', 'marac-repeat', p.data.id);
    return reply.redirect('/marac/repeats', 303);
  });

  // Cases: closure and transfer -------------------------------------------------

  app.get('/marac/cases', { config: coordinator }, async (request, reply) => {
    const rows = await maracFor(db, viewerOf(request)).casesOverview();
    await audit(request, 'marac-case.list', 'marac-case', null);
    return reply.page('marac/views/cases.njk', { title: 'Open MARAC cases', section: 'marac', rows, labels });
  });

  const casePage = async (request: FastifyRequest, reply: FastifyReply, caseId: string, extra: Record<string, unknown> = {}) => {
    const view = await maracFor(db, viewerOf(request)).caseView(caseId);
    await audit(request, 'marac-case.view', 'marac-case', caseId, view ? 'success' : 'failure');
    if (!view) return notFound(reply);
    return reply.page('marac/views/case.njk', {
      title: 'MARAC case', section: 'marac', ...view, labels, values: {}, ...extra,
      destinationItems: [{ value: '', text: 'Select the partnership' }, ...view.destinations.map((d) => ({ value: d.id, text: d.name }))],
    });
  };

  app.get('/marac/cases/:id', { config: coordinator }, async (request, reply) => {
    const p = params(id, request);
    return p.success ? casePage(request, reply, p.data.id) : notFound(reply);
  });

  app.post('/marac/cases/:id/close', { config: coordinator }, async (request, reply) => {
    const p = params(id, request);
    if (!p.success) return notFound(reply);
    const values = formFields(request.body);
    const form = validateForm(f.closeForm, values);
    if (!form.ok) return casePage(request, reply.code(400), p.data.id, { values, ...form });
    const outcome = await service.closeCase(db, request.actor!, p.data.id, form.value.outcome);
    await audit(request, 'marac-case.close', 'marac-case', p.data.id, outcome.ok ? 'success' : 'failure');
    if (!outcome.ok) return casePage(request, reply.code(409), p.data.id, { values, ...problem(outcome) });
    return reply.redirect(`/marac/cases/${p.data.id}`, 303);
  });

  app.post('/marac/cases/:id/transfer', { config: coordinator }, async (request, reply) => {
    const p = params(id, request);
    if (!p.success) return notFound(reply);
    const values = formFields(request.body);
    const form = validateForm(f.transferForm, values);
    if (!form.ok) return casePage(request, reply.code(400), p.data.id, { values, ...form });
    const outcome = await service.transferCase(db, request.actor!, p.data.id, form.value.toPartnershipId);
    await audit(request, 'marac-case.transfer', 'marac-case', p.data.id, outcome.ok ? 'success' : 'failure');
    if (!outcome.ok) return casePage(request, reply.code(400), p.data.id, { values, ...problem(outcome) });
    return reply.redirect('/marac/transfers?sent=1', 303);
  });

  app.get('/marac/transfers', { config: coordinator }, async (request, reply) => {
    const data = await maracFor(db, viewerOf(request)).transfers();
    await audit(request, 'marac-transfer.list', 'marac-transfer', null);
    return reply.page('marac/views/transfers.njk', { title: 'MARAC transfers', section: 'marac', ...data, labels, sent: (request.query as { sent?: string }).sent });
  });

  app.get('/marac/transfers/:id', { config: coordinator }, async (request, reply) => {
    const p = params(id, request);
    const transfer = p.success ? await maracFor(db, viewerOf(request)).getTransferIn(p.data.id) : undefined;
    await audit(request, 'marac-transfer.view', 'marac-transfer', p.success ? p.data.id : null, transfer ? 'success' : 'failure');
    if (!transfer) return notFound(reply);
    return reply.page('marac/views/transfer.njk', { title: 'MARAC transfer received', section: 'marac', transfer, labels });
  });

  app.post('/marac/transfers/:id/accept', { config: coordinator }, async (request, reply) => {
    const p = params(id, request);
    if (!p.success || !(await maracFor(db, viewerOf(request)).getTransferIn(p.data.id))) return notFound(reply);
    const outcome = await service.acceptTransfer(db, request.actor!, p.data.id);
    await audit(request, 'marac-transfer.accept', 'marac-transfer', p.data.id, outcome.ok ? 'success' : 'failure');
    if (!outcome.ok) return reply.code(409).page('error.njk', { title: 'The transfer could not be accepted', message: outcome.problem });
    return reply.redirect(`/marac/cases/${outcome.value}`, 303);
  });

  // Quarterly return ----------------------------------------------------------------

  const quarterFrom = (request: FastifyRequest) => {
    const q = f.quarterQuery.safeParse(request.query);
    return q.success ? q.data : quarterOf(new Date().toISOString().slice(0, 10));
  };

  const returnPage = async (request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) => {
    const quarter = quarterFrom(request);
    const data = await service.computeReturn(db, request.actor!, quarter);
    await audit(request, 'marac-return.view', 'partnership', request.actor!.partnershipId);
    return reply.page('marac/views/return.njk', { title: 'Quarterly MARAC data return', section: 'marac', r: data, mayEditPopulation: request.actor!.role === 'marac-coordinator', values: { adultWomen: data.adultWomen ?? '', bmePercent: data.bmePopulationPercent ?? '' }, ...extra });
  };
  app.get('/marac/return', { config: returnReaders }, async (request, reply) => returnPage(request, reply));

  for (const format of TABLE_FORMATS) {
    app.get(`/marac/return.${format}`, { config: returnReaders }, async (request, reply) => {
      const quarter = quarterFrom(request);
      const data = await service.computeReturn(db, request.actor!, quarter);
      await audit(request, 'marac-return.export', 'partnership', request.actor!.partnershipId);
      return sendTable(reply, returnSpreadsheet(data, data.rows), { format, filename: `marac-return-${quarter.year}-q${quarter.quarter}`, sheet: 'MARAC return' });
    });
  }

  app.post('/marac/population', { config: coordinator }, async (request, reply) => {
    const values = formFields(request.body);
    const form = validateForm(f.populationForm, values);
    if (!form.ok) return returnPage(request, reply.code(400), { values, ...form });
    await service.setPopulation(db, request.actor!, { adultWomen: form.value.adultWomen, bmePercent: form.value.bmePercent });
    await audit(request, 'marac-population.update', 'partnership', request.actor!.partnershipId);
    return reply.redirect('/marac/return', 303);
  });
}
