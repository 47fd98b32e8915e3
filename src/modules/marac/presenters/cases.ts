import type { FormErrors } from '../../../platform/pages/page.ts';
import type * as service from '../service.ts';
import { label } from '../../../platform/language/index.ts';
import { incidentKindWords } from '../../people/service.ts';

// Cases -> what the chair's view at the meeting, the open cases list and the case page show.

type ChairView = NonNullable<Awaited<ReturnType<typeof service.chairView>>>;
type CaseView = NonNullable<Awaited<ReturnType<typeof service.caseView>>>;

/** What the chair shows of one form sent back: the discussion (`values`) or a new action (`actionValues`). */
export type ChairForms = Partial<FormErrors> & { actionValues?: Record<string, unknown> };

export function chairView(chair: ChairView, forms: ChairForms = {}) {
  const actionValues = forms.actionValues ?? {};
  return {
    title: label('marac.chair.title'),
    section: 'marac',
    ...chair,
    chronology: chair.chronology.map((e) => ({
      on: e.on,
      agency_name: e.agency_name,
      what:
        e.entry === 'incident'
          ? incidentKindWords(e.contact_type, e.kind)
          : label('marac.chair.checklist', { score: e.score ?? '', level: label(`marac.level.${e.level}`) }),
    })),
    ...forms,
    values: forms.values ?? { informationShared: chair.listed.information_shared, decisions: chair.listed.decisions },
    actionValues,
    agencyItems: [
      { value: '', text: label('marac.select-agency') },
      ...chair.agencies.map((a) => ({ value: a.id, text: a.name, selected: a.id === actionValues.ownerAgencyId })),
    ],
  };
}

export const openCases = (rows: Awaited<ReturnType<typeof service.casesOverview>>) => ({
  title: label('marac.cases.title'),
  section: 'marac',
  rows,
});

/** The case with its actions, closure form and the partnerships it can be transferred to. */
export const casePage = (theCase: CaseView, form: Partial<FormErrors> = {}) => ({
  title: label('marac.case.caption'),
  section: 'marac',
  ...theCase,
  values: {},
  ...form,
  destinationItems: [
    { value: '', text: label('marac.select-partnership') },
    ...theCase.destinations.map((d) => ({ value: d.id, text: d.name })),
  ],
});

export const repeatFlags = (rows: Awaited<ReturnType<typeof service.repeatFlags>>) => ({
  title: label('marac.repeats.title'),
  section: 'marac',
  rows,
});
