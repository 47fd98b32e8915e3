import type { Actor } from '../../../db/tenancy.ts';
import type { FormErrors } from '../../../platform/pages/page.ts';
import * as labels from '../labels.ts';
import type * as service from '../service.ts';

// Meetings -> what the list, the scheduling form, the agenda, the completeness page and the minutes show.

type FormData = Awaited<ReturnType<typeof service.meetingFormData>>;

export const meetingList = (rows: Awaited<ReturnType<typeof service.meetingsOverview>>, actor: Actor) => ({
  title: 'MARAC meetings',
  section: 'marac',
  rows,
  isCoordinator: actor.role === 'marac-coordinator',
});

/** The scheduling form: the chairs and agencies to choose from, with the choices already made kept. */
export function meetingForm(data: FormData, form: Partial<FormErrors> = {}) {
  const values = form.values ?? { capacity: '20' };
  const chosen = new Set([values.agencyIds ?? []].flat().map(String));
  return {
    title: 'Schedule a MARAC meeting',
    section: 'marac',
    ...form,
    values,
    chairItems: [
      { value: '', text: 'Select the chair' },
      ...data.chairs.map((c) => ({
        value: c.id,
        text: `${c.display_name} (${c.agency_name})`,
        selected: c.id === values.chairUserId,
      })),
    ],
    agencyItems: data.agencies.map((a) => ({ value: a.id, text: a.name, checked: chosen.has(a.id) })),
  };
}

/** The agenda, with which cases the viewer's agency has researched and whether it attends. */
export function agenda(meeting: service.MeetingView, actor: Actor, assigned: string | undefined) {
  const mine = new Set(meeting.research.filter((r) => r.agency_id === actor.agencyId).map((r) => r.case_id));
  return {
    title: 'MARAC agenda',
    section: 'marac',
    ...meeting,
    mine: [...mine],
    ownAgencyAttends: meeting.agencies.some((a) => a.id === actor.agencyId),
    role: actor.role,
    placesLeft: meeting.meeting.capacity - meeting.cases.length,
    assigned,
    labels,
  };
}

export const completeness = (
  meeting: service.MeetingView,
  done: ReturnType<typeof service.completeness>,
  reminded: string | undefined,
) => ({ title: 'Research completeness', section: 'marac', meeting: meeting.meeting, ...done, reminded });

export const minutes = (meeting: service.MeetingView) => ({
  title: 'MARAC minutes',
  section: 'marac',
  ...meeting,
  labels,
});
