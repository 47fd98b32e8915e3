import { label, tag } from '../../../platform/language/index.ts';
import { instrumentKey, type ChecklistInstrument, type InstrumentRegistry } from '../instrument.ts';
import { checklists } from '../registry.ts';
import { CONSENT_LABELS, CRITERION_LABELS, LEVEL_LABELS, LEVEL_TAG } from '../labels.ts';
import { sectionStatus, type ChecklistSection } from '../checklist-sections.ts';
import type { Answer } from '../scoring.ts';
import type { risksFor } from '../for-viewer.ts';
import type * as service from '../service.ts';

// The checklist journey -> what its pages show: the start form, the task list of sections, one section
// with the history beside it, and the judgement page.

export const labels = {
  levels: LEVEL_LABELS,
  levelTags: LEVEL_TAG,
  criteria: CRITERION_LABELS,
  consent: CONSENT_LABELS,
};
type Row = service.AssessmentRow;
type Shared = Awaited<ReturnType<ReturnType<typeof risksFor>['result']>>;
type Invalid = { errors?: unknown; errorList?: unknown[] };

const instrumentItems = (registry: InstrumentRegistry, selected?: unknown) =>
  checklists(registry).map((i) => ({
    value: instrumentKey(i),
    text: i.title,
    hint: { text: i.wording.source },
    checked: instrumentKey(i) === selected,
  }));

export const start = (registry: InstrumentRegistry, values: Record<string, unknown>, invalid: Invalid = {}) => ({
  title: 'Start a risk checklist',
  values,
  instrumentItems: instrumentItems(registry, 'instrument' in values ? values.instrument : 'multi-agency-checklist@1'),
  ...invalid,
});

/** Beside the questions while answering: the same history the result page shows, cut by the same access functions. */
export function historyBeside(shared: Shared) {
  const previous = shared.previousInFull ? shared.evaluation.history.previous : null;
  return {
    history: shared.evaluation.history,
    earlier: shared.earlier,
    incidents: shared.incidents,
    historyWithheld: shared.historyWithheld,
    previousInFull: shared.previousInFull,
    previousFactors: previous ? previous.factorsPresent : [],
    previousOn: previous?.completedOn ?? null,
    labels,
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
  return {
    title: instrument.title,
    row,
    instrument,
    sections: statuses,
    version: row.version,
    styleNonce,
    // Each section as the GOV.UK task list takes it: a completed one plain, the others as a tag.
    items: statuses.map((s) => ({
      title: { text: `${s.number}. ${s.title}` },
      hint: { text: `${s.questions.length} questions` },
      href: `/assessments/${row.id}/checklist?section=${s.number}`,
      status:
        s.status === 'completed'
          ? { text: label('section.status.completed') }
          : { tag: tag(`section.status.${s.status}`) },
    })),
    completed: statuses.filter((s) => s.status === 'completed').length,
    nextSection: statuses.find((s) => s.status !== 'completed')?.number,
    answered: row.answers.length,
    ...historyBeside(shared),
  };
}

export const judgement = (row: Row, household: unknown, values: Record<string, unknown>, invalid: Invalid = {}) => ({
  title: 'Your judgement and the victim’s view',
  row,
  values,
  household,
  ...invalid,
});
