import { label, tag } from '../../../platform/language/index.ts';
import { currentLanguage } from '../../../platform/language/index.ts';
import {
  hasWordingIn,
  instrumentKey,
  wordedIn,
  type ChecklistInstrument,
  type InstrumentRegistry,
} from '../instrument.ts';
import { checklists } from '../registry.ts';
import { consentLabels, criterionLabels, LEVEL_TAG, levelLabels } from '../labels.ts';
import { formatDate } from '../../../platform/views/nunjucks.ts';
import { historyOf } from './history.ts';
import { sectionStatus, type ChecklistSection } from '../checklist-sections.ts';
import type { Answer } from '../scoring.ts';
import type { risksFor } from '../for-viewer.ts';
import type * as service from '../service.ts';

// The checklist journey -> what its pages show: the start form, the task list of sections, one section
// with the history beside it, and the judgement page.

export const labels = () => ({
  levels: levelLabels(),
  levelTags: LEVEL_TAG,
  criteria: criterionLabels(),
  consent: consentLabels(),
});
type Row = service.AssessmentRow;
type Shared = Awaited<ReturnType<ReturnType<typeof risksFor>['result']>>;
type Invalid = { errors?: unknown; errorList?: unknown[] };

const instrumentItems = (registry: InstrumentRegistry, selected?: unknown) =>
  checklists(registry)
    .map((i) => wordedIn(i, currentLanguage()))
    .map((i) => ({
      value: instrumentKey(i),
      text: i.title,
      hint: { text: i.wording.source },
      checked: instrumentKey(i) === selected,
    }));

export const start = (registry: InstrumentRegistry, values: Record<string, unknown>, invalid: Invalid = {}) => ({
  title: label('risk.start.title'),
  values,
  instrumentItems: instrumentItems(registry, 'instrument' in values ? values.instrument : 'multi-agency-checklist@1'),
  ...invalid,
});

/** Beside the questions while answering: the same history the result page shows, cut by the same access functions. */
export function historyBeside(shared: Shared) {
  const previous = shared.previousInFull ? shared.evaluation.history.previous : null;
  return {
    history: historyOf(shared),
    previousFactors: previous ? previous.factorsPresent : [],
    previousOn: previous?.completedOn ?? null,
    presentLastTime: previous
      ? label('risk.section.present-last-time', { date: formatDate(previous.completedOn) })
      : '',
  };
}

/** The saved answers as the section form's fields. */
export const answerValuesOf = (answers: readonly Answer[]) =>
  Object.fromEntries(
    answers.flatMap((a) => [
      [`answer-${a.questionId}`, a.answer],
      [`comment-${a.questionId}`, a.comment ?? ''],
    ]),
  );

export const section = (
  row: Row,
  instrument: ChecklistInstrument,
  shown: ChecklistSection,
  sectionCount: number,
  values: Record<string, unknown>,
  shared: Shared,
  styleNonce: string | undefined,
  invalid: Invalid = {},
) => ({
  title: `${instrument.title}: ${shown.title}`,
  row,
  instrument,
  section: shown,
  sectionCount,
  // An instrument without the page's language is asked in its own words, marked as English for screen readers.
  instrumentLang: hasWordingIn(instrument, currentLanguage()) ? null : 'en',
  sectionOf: shown.number ? label('risk.section.of', { number: shown.number, count: sectionCount }) : null,
  values,
  version: row.version,
  styleNonce,
  ...historyBeside(shared),
  ...invalid,
});

export function taskList(
  row: Row,
  instrument: ChecklistInstrument,
  sections: ChecklistSection[],
  shared: Shared,
  styleNonce: string | undefined,
) {
  const statuses = sections.map((s) => ({ ...s, status: sectionStatus(s, row.answers) }));
  const completed = statuses.filter((s) => s.status === 'completed').length;
  const answered = row.answers.length;
  return {
    title: instrument.title,
    row,
    instrument,
    instrumentLang: hasWordingIn(instrument, currentLanguage()) ? null : 'en',
    sections: statuses,
    version: row.version,
    styleNonce,
    // Each section as the GOV.UK task list takes it: a completed one plain, the others as a tag.
    items: statuses.map((s) => ({
      title: { text: `${s.number}. ${s.title}` },
      hint: { text: label('risk.checklist.questions', { count: s.questions.length }) },
      href: `/assessments/${row.id}/checklist?section=${s.number}`,
      status:
        s.status === 'completed'
          ? { text: label('section.status.completed') }
          : { tag: tag(`section.status.${s.status}`) },
    })),
    completed,
    nextSection: statuses.find((s) => s.status !== 'completed')?.number,
    answered,
    progressHeading:
      completed === statuses.length
        ? label('risk.checklist.all-answered')
        : label('risk.checklist.sections-answered', { completed, count: statuses.length }),
    progress: label('risk.checklist.progress', { answered, count: instrument.questions.length }),
    startText: label(answered === 0 ? 'risk.checklist.start' : 'risk.checklist.continue'),
    ...historyBeside(shared),
  };
}

type Household = { perpetrators: unknown[]; children: unknown[]; others: unknown[] };

export const judgement = (row: Row, household: Household, values: Record<string, unknown>, invalid: Invalid = {}) => ({
  title: label('risk.judgement.title'),
  row,
  values,
  householdSummary: label('risk.judgement.household', {
    perpetrators: label('risk.judgement.perpetrators', { count: household.perpetrators.length }),
    children: label('risk.judgement.children', { count: household.children.length }),
    others: label('risk.judgement.others', { count: household.others.length }),
  }),
  ...invalid,
});
