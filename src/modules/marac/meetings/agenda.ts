import { definePage } from '../../../platform/pages/page.ts';
import { view } from '../../../platform/pages/results.ts';
import { byId, coordinator, everyone } from '../page-rules.ts';
import * as present from '../presenters/meetings.ts';
import * as service from '../service.ts';
import { changeMeeting, forAttendee } from './attended.ts';

// A meeting's agenda, and the coordinator filling its free places with the cases waiting, highest priority first.

export const agenda = definePage({
  path: '/marac/meetings/:id',
  access: everyone,
  params: byId,
  audit: { action: 'marac-meeting.agenda', subjectType: 'marac-meeting' },
  get: (ctx) =>
    forAttendee(ctx, (meeting) =>
      view('marac/views/agenda.njk', present.agenda(meeting, ctx.actor, ctx.query.assigned)),
    ),
});

export const assignCases = definePage({
  path: '/marac/meetings/:id/assign',
  access: coordinator,
  params: byId,
  audit: { action: 'marac-meeting.assign', subjectType: 'marac-meeting' },
  post: (ctx) =>
    changeMeeting(
      ctx,
      () => service.assignCases(ctx.db, ctx.actor, ctx.params.id),
      'marac.problem.cases-not-added',
      (assigned) => `/marac/meetings/${ctx.params.id}?assigned=${assigned}`,
    ),
});
