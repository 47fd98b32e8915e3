import { definePage } from '../../../platform/pages/page.ts';
import { view } from '../../../platform/pages/results.ts';
import { byId, coordinator, everyone } from '../page-rules.ts';
import * as present from '../presenters/meetings.ts';
import * as service from '../service.ts';
import { changeMeeting, forAttendee } from './attended.ts';

// After the meeting: the coordinator marks it held (every case on it counts as discussed that day), and attendees read the minutes.

export const markHeld = definePage({
  path: '/marac/meetings/:id/held',
  access: coordinator,
  params: byId,
  audit: { action: 'marac-meeting.held', subjectType: 'marac-meeting' },
  post: (ctx) =>
    changeMeeting(
      ctx,
      () => service.markHeld(ctx.db, ctx.actor, ctx.params.id),
      'marac.problem.not-held',
      () => `/marac/meetings/${ctx.params.id}/minutes`,
    ),
});

export const minutes = definePage({
  path: '/marac/meetings/:id/minutes',
  access: everyone,
  params: byId,
  audit: { action: 'marac-meeting.minutes', subjectType: 'marac-meeting' },
  get: (ctx) => forAttendee(ctx, (meeting) => view('marac/views/minutes.njk', present.minutes(meeting))),
});
