import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  childRatings,
  loadInstrumentsFromDirectory,
  requireChecklist,
  requireChildMatrix,
  type ChecklistInstrument,
  type ChildMatrixInstrument,
} from './instrument.ts';
import {
  AnswersError,
  answerValues,
  compareLevels,
  decideLevel,
  levelForScore,
  rateChild,
  riskLevels,
  scoreAssessment,
  type Answer,
  type AnswerValue,
} from './scoring.ts';

let v1: ChecklistInstrument;
let alt: ChecklistInstrument;
let police: ChecklistInstrument;
let matrix: ChildMatrixInstrument;
beforeAll(async () => {
  const registry = await loadInstrumentsFromDirectory(fileURLToPath(new URL('../../../instruments', import.meta.url)));
  v1 = requireChecklist(registry, 'multi-agency-checklist@1');
  alt = requireChecklist(registry, 'multi-agency-checklist@1-alt');
  police = requireChecklist(registry, 'police-checklist@1');
  matrix = requireChildMatrix(registry, 'children-risk-matrix@1');
});

const answersFrom = (instrument: ChecklistInstrument, values: readonly AnswerValue[]): Answer[] =>
  instrument.questions.map((q, i) => ({ questionId: q.id, answer: values[i] ?? 'not-asked' }));
const yesToFirst = (instrument: ChecklistInstrument, n: number): Answer[] =>
  instrument.questions.map((q, i) => ({ questionId: q.id, answer: i < n ? 'yes' : 'no' }));
// One answer per question of the biggest checklist; shorter ones use a prefix.
const answerValuesArb = fc.array(fc.constantFrom(...answerValues), { minLength: 40, maxLength: 40 });

describe('scoreAssessment', () => {
  it('counts one point for each yes and lists factors in the checklist order', () => {
    const answers: Answer[] = [
      { questionId: 'threats-to-kill', answer: 'yes', comment: 'said so last week' },
      { questionId: 'current-injury', answer: 'yes' },
      { questionId: 'very-frightened', answer: 'dont-know' },
      { questionId: 'separation', answer: 'no' },
    ];
    const result = scoreAssessment(v1, answers);
    expect(result.score).toBe(2);
    expect(result.factorsPresent).toEqual(['current-injury', 'threats-to-kill']);
    expect(result.levelByScore).toBe('standard');
    expect(result.instrumentKey).toBe('multi-agency-checklist@1');
    expect(result.thresholdsUsed).toEqual({ high: 14, medium: 10 });
    expect(result.notAsked).toHaveLength(v1.questions.length - 4);
    expect(result.notAsked).not.toContain('very-frightened');
  });

  it.each([
    [9, 'standard'],
    [10, 'medium'],
    [13, 'medium'],
    [14, 'high'],
    [25, 'high'],
  ] as const)('a score of %i is %s', (yeses, level) => {
    const result = scoreAssessment(v1, yesToFirst(v1, yeses));
    expect(result.score).toBe(yeses);
    expect(result.levelByScore).toBe(level);
  });

  it('records unscored police incident answers as factors without scoring them', () => {
    const answers: Answer[] = police.questions
      .filter((q) => !q.scored)
      .map((q) => ({ questionId: q.id, answer: 'yes' }));
    const result = scoreAssessment(police, answers);
    expect(result.score).toBe(0);
    expect(result.factorsPresent).toContain('access-to-firearms');
  });

  it('uses a partnership threshold when given and keeps it with the result', () => {
    const result = scoreAssessment(v1, yesToFirst(v1, 8), { thresholds: { high: 14, medium: 8 } });
    expect(result.levelByScore).toBe('medium');
    expect(result.thresholdsUsed).toEqual({ high: 14, medium: 8 });
    expect(() => scoreAssessment(v1, [], { thresholds: { high: 10, medium: 10 } })).toThrow(RangeError);
  });

  it('refuses answers to unknown questions and questions answered twice', () => {
    const answers: Answer[] = [
      { questionId: 'current-injury', answer: 'yes' },
      { questionId: 'current-injury', answer: 'no' },
      { questionId: 'incident-firearms-access', answer: 'yes' },
    ];
    try {
      scoreAssessment(v1, answers);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AnswersError);
      expect((error as AnswersError).problems).toEqual([
        { questionId: 'current-injury', message: 'is answered more than once' },
        { questionId: 'incident-firearms-access', message: 'is not a question in multi-agency-checklist@1' },
      ]);
    }
  });

  it('property: more yes answers never lower the score or the level', () => {
    fc.assert(
      fc.property(answerValuesArb, fc.array(fc.nat({ max: 39 })), (values, flips) => {
        const more = [...values];
        for (const i of flips) more[i] = 'yes';
        for (const instrument of [v1, police]) {
          const before = scoreAssessment(instrument, answersFrom(instrument, values));
          const after = scoreAssessment(instrument, answersFrom(instrument, more));
          expect(after.score).toBeGreaterThanOrEqual(before.score);
          expect(compareLevels(after.levelByScore, before.levelByScore)).toBeGreaterThanOrEqual(0);
          expect(after.factorsPresent).toEqual(expect.arrayContaining(before.factorsPresent));
        }
      }),
    );
  });

  it('property: the order of the answers never changes the result', () => {
    fc.assert(
      fc.property(
        answerValuesArb.chain((values) => {
          const answers = answersFrom(v1, values);
          return fc.tuple(
            fc.constant(answers),
            fc.shuffledSubarray(answers, { minLength: answers.length, maxLength: answers.length }),
          );
        }),
        ([answers, shuffled]) => {
          expect(scoreAssessment(v1, shuffled)).toEqual(scoreAssessment(v1, answers));
        },
      ),
    );
  });

  it('property: the alternative wording scores identically to version 1', () => {
    fc.assert(
      fc.property(answerValuesArb, (values) => {
        const { instrumentKey: k1, ...fromV1 } = scoreAssessment(v1, answersFrom(v1, values));
        const { instrumentKey: k2, ...fromAlt } = scoreAssessment(alt, answersFrom(alt, values));
        expect(fromAlt).toEqual(fromV1);
        expect([k1, k2]).toEqual(['multi-agency-checklist@1', 'multi-agency-checklist@1-alt']);
      }),
    );
  });

  it('property: a police score equals the multi-agency score for the same common answers', () => {
    fc.assert(
      fc.property(answerValuesArb, (values) => {
        expect(scoreAssessment(police, answersFrom(police, values)).score).toBe(
          scoreAssessment(v1, answersFrom(v1, values)).score,
        );
      }),
    );
  });
});

describe('decideLevel', () => {
  it('uses the score when there is no judgement, and says why', () => {
    expect(decideLevel({ levelByScore: 'medium', score: 11, thresholds: { high: 14, medium: 10 } })).toEqual({
      level: 'medium',
      raisedByProfessionalJudgement: false,
      reasons: ['The score of 11 is at or above the medium threshold of 10 and below the high threshold of 14.'],
    });
  });

  it('lets professional judgement raise the level, with its reason', () => {
    const decision = decideLevel({
      levelByScore: 'standard',
      score: 4,
      thresholds: { high: 14, medium: 10 },
      professionalJudgement: { level: 'high', reason: 'Recent strangulation; victim terrified.' },
    });
    expect(decision.level).toBe('high');
    expect(decision.raisedByProfessionalJudgement).toBe(true);
    expect(decision.reasons).toEqual([
      'The score of 4 is below the medium threshold of 10.',
      'Raised from standard to high by professional judgement: Recent strangulation; victim terrified.',
    ]);
  });

  it('never lets judgement lower the level given by the score', () => {
    const decision = decideLevel({
      levelByScore: 'high',
      professionalJudgement: { level: 'medium', reason: 'Perpetrator in custody.' },
    });
    expect(decision.level).toBe('high');
    expect(decision.reasons[1]).toMatch(
      /stays high because judgement can raise the level given by the score, never lower it/,
    );
  });

  it('records agreement', () => {
    expect(
      decideLevel({ levelByScore: 'high', professionalJudgement: { level: 'high', reason: 'Agree.' } }).reasons[1],
    ).toBe('Professional judgement agrees (high): Agree.');
  });

  it('refuses a judgement without a reason', () => {
    expect(() =>
      decideLevel({ levelByScore: 'standard', professionalJudgement: { level: 'high', reason: '  ' } }),
    ).toThrow(/reason/);
  });

  it('property: the level is never below the professional judgement nor below the score', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 30 }),
        fc.option(fc.constantFrom(...riskLevels), { nil: undefined }),
        (score, judged) => {
          const thresholds = { high: 14, medium: 10 };
          const levelByScore = levelForScore(score, thresholds);
          const decision = decideLevel({
            levelByScore,
            score,
            thresholds,
            professionalJudgement: judged && { level: judged, reason: 'because' },
          });
          expect(compareLevels(decision.level, levelByScore)).toBeGreaterThanOrEqual(0);
          if (judged) expect(compareLevels(decision.level, judged)).toBeGreaterThanOrEqual(0);
          expect(decision.reasons.length).toBe(judged ? 2 : 1);
        },
      ),
    );
  });
});

describe('rateChild', () => {
  const rate = (
    harm: string,
    impact: string,
    protection: string,
    judgement?: { rating: 'low' | 'medium' | 'high' | 'severe'; reason: string },
  ) => rateChild(matrix, { harm, impact, 'protective-factors': protection } as never, judgement);

  it('takes the higher of harm and impact', () => {
    expect(rate('medium', 'high', 'medium').overall).toBe('high');
  });

  it('lowers one step when protection is strong', () => {
    const result = rate('low', 'high', 'low');
    expect(result.overall).toBe('medium');
    expect(result.reasons[1]).toMatch(/Lowered one step/);
  });

  it('never lowers below harm', () => {
    expect(rate('high', 'high', 'low').overall).toBe('high');
    expect(rate('high', 'severe', 'low').overall).toBe('high');
  });

  it('lets judgement raise, never lower, and needs a reason', () => {
    expect(rate('low', 'low', 'high', { rating: 'high', reason: 'Disclosure at school' }).overall).toBe('high');
    expect(rate('severe', 'low', 'low', { rating: 'low', reason: 'x' }).overall).toBe('severe');
    expect(() => rate('low', 'low', 'low', { rating: 'high', reason: '' })).toThrow(/reason/);
  });

  it('refuses a missing rating', () => {
    expect(() => rateChild(matrix, { harm: 'low', impact: 'low' })).toThrow(/protective-factors/);
  });

  it('property: overall is never below harm and at most one step below the highest risk rating', () => {
    const rating = fc.constantFrom(...childRatings);
    fc.assert(
      fc.property(rating, rating, rating, (harm, impact, protection) => {
        const overall = childRatings.indexOf(rate(harm, impact, protection).overall);
        const highest = Math.max(childRatings.indexOf(harm), childRatings.indexOf(impact));
        expect(overall).toBeGreaterThanOrEqual(childRatings.indexOf(harm));
        expect(overall).toBeGreaterThanOrEqual(highest - 1);
        expect(overall).toBeLessThanOrEqual(highest);
        if (protection !== 'low') expect(overall).toBe(highest);
      }),
    );
  });
});
