import type { ChecklistInstrument } from './instrument.ts';
import type { Answer } from './scoring.ts';
import { parseChecklistAnswers } from './forms.ts';

type Question = ChecklistInstrument['questions'][number];

/** A part of the checklist a practitioner answers on one page. Questions keep their number in the whole checklist. */
export interface ChecklistSection {
  number: number;
  title: string;
  questions: { question: Question; number: number }[];
}

export type SectionStatus = 'completed' | 'in-progress' | 'not-started';

/** The instrument's sections in order; questions without a section form one called after the checklist. */
export function sectionsOf(instrument: ChecklistInstrument): ChecklistSection[] {
  const sections: ChecklistSection[] = [];
  instrument.questions.forEach((question, index) => {
    const title = question.section ?? instrument.title;
    let section = sections.at(-1);
    if (!section || section.title !== title) {
      section = { number: sections.length + 1, title, questions: [] };
      sections.push(section);
    }
    section.questions.push({ question, number: index + 1 });
  });
  return sections;
}

export function sectionStatus(section: ChecklistSection, answers: readonly Answer[]): SectionStatus {
  const answered = new Set(answers.map((a) => a.questionId));
  const count = section.questions.filter(({ question }) => answered.has(question.id)).length;
  return count === 0 ? 'not-started' : count === section.questions.length ? 'completed' : 'in-progress';
}

/**
 * One section's answers from its form, checked as the whole checklist is (so the
 * messages number questions as the checklist does). Saving for later keeps what is
 * answered and lets the rest wait; a comment that is too long is refused either way.
 */
export function parseSectionAnswers(
  instrument: ChecklistInstrument,
  section: ChecklistSection,
  body: Record<string, unknown>,
  options: { requireAll: boolean },
) {
  const ids = new Set(section.questions.map(({ question }) => question.id));
  const parsed = parseChecklistAnswers(instrument, body);
  const inSection = (field: string) => ids.has(field.replace(/^(answer|comment)-/, ''));
  const kept = (field: string) => inSection(field) && (options.requireAll || field.startsWith('comment-'));
  const errors = Object.fromEntries(Object.entries(parsed.errors).filter(([field]) => kept(field)));
  return {
    answers: parsed.answers.filter((a) => ids.has(a.questionId)),
    errors,
    errorList: parsed.errorList.filter((e) => kept(e.href.slice(1))),
  };
}

/** The stored answers with one section's replaced, in the checklist's order. */
export function mergeSectionAnswers(
  instrument: ChecklistInstrument,
  section: ChecklistSection,
  stored: readonly Answer[],
  fresh: readonly Answer[],
): Answer[] {
  const ids = new Set(section.questions.map(({ question }) => question.id));
  const byQuestion = new Map([...stored.filter((a) => !ids.has(a.questionId)), ...fresh].map((a) => [a.questionId, a]));
  return instrument.questions.flatMap((q) => byQuestion.get(q.id) ?? []);
}
