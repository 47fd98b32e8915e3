import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withLanguage } from '../../../platform/language/index.ts';
import { evaluateMaracCriteria } from '../referral-criteria.ts';
import { childRatings, requireChildMatrix } from '../instrument.ts';
import { loadInstrumentRegistry } from '../registry.ts';
import { decideLevel, rateChild, riskLevels } from '../scoring.ts';
import { recordedSentence } from './recorded.ts';

// Every sentence the rules record is recognised and shown in Welsh; English pages show it as recorded.
const sentences = (input: {
  score: number;
  medium: number;
  high: number;
  judgement: (typeof riskLevels)[number] | null;
  incidents: number;
}) => {
  const levelByScore = input.score >= input.high ? 'high' : input.score >= input.medium ? 'medium' : 'standard';
  const decision = decideLevel({
    levelByScore,
    score: input.score,
    thresholds: { high: input.high, medium: input.medium },
    ...(input.judgement ? { professionalJudgement: { level: input.judgement, reason: 'Barn yr ymarferydd' } } : {}),
  });
  const criteria = evaluateMaracCriteria({
    score: input.score,
    threshold: input.high,
    professionalJudgementHigh: input.judgement === 'high',
    professionalJudgementReason: 'Barn yr ymarferydd',
    policeIncidentsLast12Months: input.incidents,
    escalationThreshold: 3,
    lastMaracDate: '2026-01-10',
    newEventDate: '2026-03-07',
  });
  return [...decision.reasons, ...criteria.map((c) => c.evidence)];
};

describe('recorded sentences', () => {
  it('shows each sentence the level and criteria rules record in Welsh, and in English as recorded', () => {
    fc.assert(
      fc.property(
        fc.record({
          score: fc.integer({ min: 0, max: 24 }),
          medium: fc.integer({ min: 1, max: 10 }),
          high: fc.integer({ min: 11, max: 20 }),
          judgement: fc.constantFrom(null, ...riskLevels),
          incidents: fc.integer({ min: 0, max: 6 }),
        }),
        (input) => {
          for (const sentence of sentences(input)) {
            const welsh = withLanguage('cy', () => recordedSentence(sentence));
            expect(welsh).not.toBe(sentence);
            expect(welsh).not.toMatch(/\b(the|score of|threshold|judgement|incidents|within)\b/i);
            expect(withLanguage('en', () => recordedSentence(sentence))).toBe(
              sentence.replace('2026-03-07', '7 March 2026').replace('2026-01-10', '10 January 2026'),
            );
          }
        },
      ),
    );
  });

  it('shows each sentence the child matrix rules record in Welsh', async () => {
    const matrix = requireChildMatrix(await loadInstrumentRegistry(), 'children-risk-matrix@1');
    const rating = fc.constantFrom(...childRatings);
    fc.assert(
      fc.property(
        fc.record({ harm: rating, impact: rating, 'protective-factors': rating }),
        fc.option(rating, { nil: undefined }),
        (ratings, judgement) => {
          const result = rateChild(matrix, ratings, judgement ? { rating: judgement, reason: 'Barn' } : undefined);
          for (const sentence of result.reasons) {
            const welsh = withLanguage('cy', () => recordedSentence(sentence));
            expect(welsh).not.toBe(sentence);
            expect(welsh).not.toMatch(/\b(the|rating|protection|judgement|lowered)\b/i);
          }
        },
      ),
    );
  });

  it('leaves words it does not recognise as they were recorded', () => {
    expect(withLanguage('cy', () => recordedSentence('Written by hand'))).toBe('Written by hand');
  });
});
