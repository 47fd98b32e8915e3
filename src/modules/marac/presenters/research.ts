import type { Actor } from '../../../db/tenancy.ts';
import type { FormErrors } from '../../../platform/pages/page.ts';
import type * as service from '../service.ts';
import { label } from '../../../platform/language/index.ts';

// An agency's research on one case before the meeting -> the research form.

type Listed = service.MeetingView['cases'][number];

/** The form, filled with what the agency recorded before (or the answers of a form sent back). */
export function researchForm(
  meeting: service.MeetingView,
  listed: Listed,
  actor: Actor,
  form: Partial<FormErrors> = {},
) {
  const own = meeting.research.find((r) => r.case_id === listed.case_id && r.agency_id === actor.agencyId);
  const values =
    form.values ??
    (own
      ? {
          noTrace: own.no_trace ? 'yes' : 'no',
          victim: own.victim,
          perpetrator: own.perpetrator,
          children: own.children,
        }
      : {});
  return { title: label('marac.research.title'), section: 'marac', meeting: meeting.meeting, listed, ...form, values };
}
