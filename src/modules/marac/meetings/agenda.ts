import { definePage } from '../../../platform/pages/page.ts';
import { isPageResult, problemPage, redirect, view, notFound } from '../../../platform/pages/results.ts';
import { byId, coordinator, everyone } from '../page-rules.ts';
import * as present from '../presenters/meetings.ts';
import * as service from '../service.ts';
import { attendedMeeting, meetingExists } from './attended.ts';

// A meeting's agenda, and the coordinator filling its free places with the cases waiting, highest priority first.

export const agenda = definePage({
  path: '/marac/meetings/:id',
  access: everyone,
  params: byId,
  audit: { action: 'marac-meeting.agenda', subjectType: 'marac-meeting' },
  get: async (ctx) => {
    const meeting = await attendedMeeting(ctx, ctx.params.id);
    if (isPageResult(meeting)) return meeting;
    return view('marac/views/agenda.njk', present.agenda(meeting, ctx.actor, ctx.query.assigned));
  },
});

export const assignCases = definePage({
  path: '/marac/meetings/:id/assign',
  access: coordinator,
  params: byId,
  audit: { action: 'marac-meeting.assign', subjectType: 'marac-meeting' },
  post: async (ctx) => {
    if (!(await meetingExists(ctx, ctx.params.id))) return notFound();
    const outcome = await service.assignCases(ctx.db, ctx.actor, ctx.params.id);
    if (!outcome.ok) return problemPage('Cases could not be added', outcome.problem);
    return redirect(`/marac/meetings/${ctx.params.id}?assigned=${outcome.value}`);
  },
});
