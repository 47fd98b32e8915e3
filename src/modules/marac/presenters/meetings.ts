import type { Actor } from '../../../db/tenancy.ts';
import type { FormErrors } from '../../../platform/pages/page.ts';
import type * as service from '../service.ts';
import { label } from '../../../platform/language/index.ts';

// Meetings -> what the list, the scheduling form, the agenda, the completeness page and the minutes show.

type FormData = Awaited<ReturnType<typeof service.meetingFormData>>;

export const meetingList = (rows: Awaited<ReturnType<typeof service.meetingsOverview>>, actor: Actor) => ({
  title: label('marac.meetings.title'),
  section: 'marac',
  rows,
  isCoordinator: actor.role === 'marac-coordinator',
});

/** The scheduling form: the chairs and agencies to choose from, with the choices already made kept. */
export function meetingForm(data: FormData, form: Partial<FormErrors> = {}) {
  const values = form.values ?? { capacity: '20' };
  const chosen = new Set([values.agencyIds ?? []].flat().map(String));
  return {
    title: label('marac.meeting-new.title'),
    section: 'marac',
    ...form,
    values,
    chairItems: [
      { value: '', text: label('marac.select-chair') },
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
    title: label('marac.agenda.title'),
    section: 'marac',
    ...meeting,
    mine: [...mine],
    ownAgencyAttends: meeting.agencies.some((a) => a.id === actor.agencyId),
    role: actor.role,
    placesLeft: meeting.meeting.capacity - meeting.cases.length,
    assigned,
  };
}

export const completeness = (
  meeting: service.MeetingView,
  done: ReturnType<typeof service.completeness>,
  reminded: string | undefined,
) => ({ title: label('marac.completeness.title'), section: 'marac', meeting: meeting.meeting, ...done, reminded });

export const minutes = (meeting: service.MeetingView) => ({
  title: label('marac.minutes.title'),
  section: 'marac',
  ...meeting,
});
