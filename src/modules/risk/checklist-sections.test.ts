import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadInstrumentRegistry } from './registry.ts';
import { requireChecklist } from './instrument.ts';
import { mergeSectionAnswers, parseSectionAnswers, sectionsOf, sectionStatus } from './checklist-sections.ts';
import { answerValues, type Answer } from './scoring.ts';
import { datesInText } from '../../platform/views/nunjucks.ts';

const instrument = requireChecklist(await loadInstrumentRegistry(), 'police-checklist@1');
const sections = sectionsOf(instrument);

describe('checklist sections', () => {
  it('cover every question once, in order, keeping each question’s number in the whole checklist', () => {
    expect(sections.map((s) => s.title)).toEqual([
      'About you',
      'About what has been happening',
      'About the person harming you',
      'About this incident',
    ]);
    expect(sections.flatMap((s) => s.questions.map((q) => q.number))).toEqual(
      instrument.questions.map((_, i) => i + 1),
    );
  });

  it('merging one section’s answers keeps the others’ and the checklist’s order, whatever was stored', () => {
    const answer = fc.constantFrom(...answerValues);
    fc.assert(
      fc.property(
        fc.array(fc.option(answer), { minLength: instrument.questions.length, maxLength: instrument.questions.length }),
        fc.integer({ min: 0, max: sections.length - 1 }),
        answer,
        (storedValues, index, fresh) => {
          const stored: Answer[] = instrument.questions.flatMap((q, i) =>
            storedValues[i] ? [{ questionId: q.id, answer: storedValues[i]! }] : [],
          );
          const section = sections[index]!;
          const merged = mergeSectionAnswers(
            instrument,
            section,
            stored,
            section.questions.map(({ question }) => ({ questionId: question.id, answer: fresh })),
          );
          const order = instrument.questions.map((q) => q.id);
          expect(merged.map((a) => order.indexOf(a.questionId))).toEqual(
            [...merged.map((a) => order.indexOf(a.questionId))].sort((a, b) => a - b),
          );
          expect(sectionStatus(section, merged)).toBe('completed');
          for (const a of stored) {
            if (!section.questions.some(({ question }) => question.id === a.questionId))
              expect(merged).toContainEqual(a);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('asks for every answer in the section unless it is saved for later, and never for another section’s', () => {
    const section = sections[1]!;
    const body = { [`answer-${section.questions[0]!.question.id}`]: 'yes' };
    const strict = parseSectionAnswers(instrument, section, body, { requireAll: true });
    expect(strict.errorList).toHaveLength(section.questions.length - 1);
    expect(strict.errorList[0]!.text).toBe(
      `Select an answer to question ${section.questions[1]!.number}, or ‘Not asked’`,
    );
    const later = parseSectionAnswers(instrument, section, body, { requireAll: false });
    expect(later.errorList).toEqual([]);
    expect(later.answers).toEqual([{ questionId: section.questions[0]!.question.id, answer: 'yes' }]);
  });
});

describe('dates in text', () => {
  it('writes ISO dates the GOV.UK way and leaves the rest alone', () => {
    expect(datesInText('The latest incident (2026-03-07, high) is more severe than the one on 2025-12-25.')).toBe(
      'The latest incident (7 March 2026, high) is more severe than the one on 25 December 2025.',
    );
    expect(datesInText('Score 12, reference 2026-99-99')).toBe('Score 12, reference 2026-99-99');
  });
});
