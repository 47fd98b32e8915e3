import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadInstrumentsFromDirectory, requireChecklist, type ChecklistInstrument } from './instrument.ts';
import { evaluateMaracCriteria, type MaracCriteriaInput } from './referral-criteria.ts';
import { answerValues, scoreAssessment, type Answer } from './scoring.ts';

const base: MaracCriteriaInput = {
  score: 5,
  threshold: 14,
  professionalJudgementHigh: false,
  policeIncidentsLast12Months: 0,
  newEventDate: '2025-03-01',
};
const criteria = (overrides: Partial<MaracCriteriaInput>) =>
  evaluateMaracCriteria({ ...base, ...overrides }).map((c) => c.criterion);

describe('evaluateMaracCriteria', () => {
  it('meets none when nothing applies', () => {
    expect(evaluateMaracCriteria(base)).toEqual([]);
  });

  it('visible high risk: a score at or above the threshold', () => {
    expect(criteria({ score: 13 })).toEqual([]);
    expect(evaluateMaracCriteria({ ...base, score: 14 })).toEqual([
      { criterion: 'visible-high-risk', evidence: 'Checklist score 14 is at or above the MARAC threshold of 14.' },
    ]);
  });

  it('professional judgement, with the reason as evidence', () => {
    expect(
      evaluateMaracCriteria({
        ...base,
        professionalJudgementHigh: true,
        professionalJudgementReason: 'Threats to kill the children.',
      }),
    ).toEqual([
      {
        criterion: 'professional-judgement',
        evidence: 'The practitioner judged the risk to be high: Threats to kill the children.',
      },
    ]);
  });

  it('potential escalation: 3 police-recorded incidents by default, or the partnership setting', () => {
    expect(criteria({ policeIncidentsLast12Months: 2 })).toEqual([]);
    expect(criteria({ policeIncidentsLast12Months: 3 })).toEqual(['potential-escalation']);
    expect(criteria({ policeIncidentsLast12Months: 3, escalationThreshold: 4 })).toEqual([]);
    expect(
      evaluateMaracCriteria({ ...base, policeIncidentsLast12Months: 4, escalationThreshold: 4 })[0]?.evidence,
    ).toBe('4 police-recorded incidents in the last 12 months (the partnership refers at 4 or more).');
  });

  it('repeat: a new event within 12 months of the last MARAC, anniversary included', () => {
    expect(criteria({ lastMaracDate: '2024-03-01', newEventDate: '2025-03-01' })).toEqual(['repeat']);
    expect(criteria({ lastMaracDate: '2024-03-01', newEventDate: '2025-03-02' })).toEqual([]);
    expect(criteria({ lastMaracDate: '2025-03-01', newEventDate: '2025-03-01' })).toEqual(['repeat']);
    expect(criteria({ lastMaracDate: '2025-04-01', newEventDate: '2025-03-01' })).toEqual([]);
    expect(criteria({ newEventDate: '2025-03-01' })).toEqual([]);
    expect(evaluateMaracCriteria({ ...base, lastMaracDate: '2024-12-10' })[0]?.evidence).toBe(
      'New incident or assessment on 2025-03-01 is within 12 months of the last MARAC on 2024-12-10.',
    );
  });

  it('lists every criterion met, in a fixed order', () => {
    expect(
      criteria({
        score: 20,
        professionalJudgementHigh: true,
        policeIncidentsLast12Months: 5,
        lastMaracDate: '2024-06-01',
      }),
    ).toEqual(['visible-high-risk', 'professional-judgement', 'potential-escalation', 'repeat']);
  });

  it('refuses impossible input, naming the field', () => {
    expect(() => criteria({ score: -1 })).toThrow(/score/);
    expect(() => criteria({ newEventDate: '2025-02-30' })).toThrow(/newEventDate/);
    expect(() => criteria({ escalationThreshold: 0 })).toThrow(/escalationThreshold/);
  });

  describe('with scored answers', () => {
    let checklist: ChecklistInstrument;
    beforeAll(async () => {
      const registry = await loadInstrumentsFromDirectory(
        fileURLToPath(new URL('../../../instruments', import.meta.url)),
      );
      checklist = requireChecklist(registry, 'police-checklist@1');
    });

    const scenario = fc.record({
      values: fc.array(fc.constantFrom(...answerValues), { minLength: 40, maxLength: 40 }),
      judgementHigh: fc.boolean(),
      incidents: fc.nat({ max: 8 }),
      lastMarac: fc.option(fc.date({ min: new Date('2023-01-01'), max: new Date('2025-12-31'), noInvalidDate: true }), {
        nil: undefined,
      }),
    });
    const criteriaFor = (
      answers: Answer[],
      s: { judgementHigh: boolean; incidents: number; lastMarac: Date | undefined },
    ) =>
      evaluateMaracCriteria({
        score: scoreAssessment(checklist, answers).score,
        threshold: checklist.thresholds.high,
        professionalJudgementHigh: s.judgementHigh,
        policeIncidentsLast12Months: s.incidents,
        lastMaracDate: s.lastMarac?.toISOString().slice(0, 10),
        newEventDate: '2025-06-15',
      });

    it('property: the criteria are the same whatever the order of the answers', () => {
      fc.assert(
        fc.property(
          scenario.chain((s) => {
            const answers: Answer[] = checklist.questions.map((q, i) => ({
              questionId: q.id,
              answer: s.values[i]!,
              comment: `c${i}`,
            }));
            return fc.tuple(
              fc.constant(s),
              fc.constant(answers),
              fc.shuffledSubarray(answers, { minLength: answers.length, maxLength: answers.length }),
            );
          }),
          ([s, answers, shuffled]) => {
            expect(criteriaFor(shuffled, s)).toEqual(criteriaFor(answers, s));
          },
        ),
      );
    });

    it('property: more yes answers never take a criterion away', () => {
      fc.assert(
        fc.property(scenario, fc.array(fc.nat({ max: 39 })), (s, flips) => {
          const more = [...s.values];
          for (const i of flips) more[i] = 'yes';
          const toAnswers = (values: typeof s.values): Answer[] =>
            checklist.questions.map((q, i) => ({ questionId: q.id, answer: values[i]! }));
          const before = criteriaFor(toAnswers(s.values), s).map((c) => c.criterion);
          const after = criteriaFor(toAnswers(more), s).map((c) => c.criterion);
          expect(after).toEqual(expect.arrayContaining(before));
        }),
      );
    });
  });
});
