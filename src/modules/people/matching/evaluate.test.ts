import { describe, expect, it } from 'vitest';
import { evaluateClusters, evaluatePairs } from './evaluate.ts';

describe('evaluateClusters', () => {
  it('counts pairs implied by clusters (deduplication)', () => {
    // truth: {0,1,2} {3,4}; predicted: {0,1} {2,3,4}
    const m = evaluateClusters([0, 0, 2, 2, 2], ['a', 'a', 'a', 'b', 'b']);
    // predicted pairs: 1 + 3 = 4; true positives: (0,1) and (3,4) = 2; actual pairs: 3 + 1 = 4
    expect(m).toMatchObject({
      truePositives: 2,
      falsePositives: 2,
      falseNegatives: 2,
      precision: 0.5,
      recall: 0.5,
      f1: 0.5,
    });
  });

  it('counts only left-right pairs in linkage', () => {
    const m = evaluateClusters([0, 1, 0, 1], ['a', 'b', 'a', 'c'], [0, 0, 1, 1]);
    expect(m).toMatchObject({ truePositives: 1, falsePositives: 1, falseNegatives: 0, precision: 0.5, recall: 1 });
  });

  it('treats unknown truth as a person of its own', () => {
    expect(evaluateClusters([0, 0], [null, null]).truePositives).toBe(0);
  });
});

describe('evaluatePairs', () => {
  it('scores a list of predicted pairs', () => {
    const m = evaluatePairs(
      [
        [0, 1],
        [1, 0],
        [2, 3],
      ],
      ['a', 'a', 'b', 'c'],
    );
    expect(m).toMatchObject({ truePositives: 1, falsePositives: 1, falseNegatives: 0, f1: 2 / 3 });
  });
});
