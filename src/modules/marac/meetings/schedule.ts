import { problemErrors } from '../../../platform/pages/form-problem.ts';
import { definePage, type FormErrors, type PageContext } from '../../../platform/pages/page.ts';
import { redirect, view } from '../../../platform/pages/results.ts';
import * as f from '../forms.ts';
import { coordinator, everyone } from '../page-rules.ts';
import * as present from '../presenters/meetings.ts';
import * as service from '../service.ts';

// The meetings list, and the coordinator scheduling a meeting: its date, chair, capacity and the agencies attending.

export const meetings = definePage({
  path: '/marac/meetings',
  access: everyone,
  get: async ({ db, actor }) =>
    view('marac/views/meetings.njk', present.meetingList(await service.meetingsOverview(db, actor), actor)),
});

const meetingForm = async ({ db, actor }: PageContext<unknown>, form?: Partial<FormErrors>, status = 200) =>
  view('marac/views/meeting-new.njk', present.meetingForm(await service.meetingFormData(db, actor), form), { status });

export const newMeeting = definePage({
  path: '/marac/meetings/new',
  access: coordinator,
  get: (ctx) => meetingForm(ctx),
});

export const scheduleMeeting = definePage({
  path: '/marac/meetings',
  access: coordinator,
  audit: { action: 'marac-meeting.create', subjectType: 'marac-meeting' },
  post: {
    schema: f.meetingForm,
    prepare: (fields) => ({
      ...fields,
      heldOn: f.dateInput(fields, 'heldOn'),
      agencyIds: [fields.agencyIds ?? []].flat().map(String),
    }),
    invalid: (ctx, form) => meetingForm(ctx, form),
    handle: async (ctx, v, values) => {
      const outcome = await service.scheduleMeeting(ctx.db, ctx.actor, v);
      if (!outcome.ok) return meetingForm(ctx, { values, ...problemErrors(outcome) }, 400);
      return redirect(`/marac/meetings/${outcome.value}`, { subjectId: outcome.value });
    },
  },
});
