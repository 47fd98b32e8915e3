import { definePage } from '../../../platform/pages/page.ts';
import { redirect, view } from '../../../platform/pages/results.ts';
import { remindAboutResearch } from '../jobs.ts';
import { forAttendee } from '../meetings/attended.ts';
import { byId, coordinator } from '../page-rules.ts';
import * as present from '../presenters/meetings.ts';
import * as service from '../service.ts';

// The coordinator sees which attending agencies have recorded research for each case, and reminds those still owing it.

export const completeness = definePage({
  path: '/marac/meetings/:id/completeness',
  access: coordinator,
  params: byId,
  audit: { action: 'marac-meeting.completeness', subjectType: 'marac-meeting' },
  get: (ctx) =>
    forAttendee(ctx, (meeting) =>
      view(
        'marac/views/completeness.njk',
        present.completeness(meeting, service.completeness(meeting), ctx.query.reminded),
      ),
    ),
});

export const researchReminders = definePage({
  path: '/marac/meetings/:id/research-reminders',
  access: coordinator,
  params: byId,
  audit: { action: 'marac-meeting.research-reminders', subjectType: 'marac-meeting' },
  post: (ctx) =>
    forAttendee(ctx, async (meeting) => {
      const agencies = service.missingResearch(meeting);
      if (agencies.length)
        await remindAboutResearch(ctx.app, {
          meetingId: meeting.meeting.id,
          heldOn: meeting.meeting.held_on,
          agencies,
        });
      return redirect(`/marac/meetings/${meeting.meeting.id}/completeness?reminded=${agencies.length}`);
    }),
});
