import { describe, expect, it } from 'vitest';
import { TokenPairMemo } from './token-pair-memo.ts';

describe('TokenPairMemo', () => {
  it('keeps a value per ordered pair of numbers and says -1 for a pair it does not hold', () => {
    const memo = new TokenPairMemo(4);
    memo.set(1, 2, 5);
    memo.set(2, 1, 0);
    expect(memo.get(1, 2)).toBe(5);
    expect(memo.get(2, 1)).toBe(0);
    expect(memo.get(1, 3)).toBe(-1);
    memo.set(1, 2, 7);
    expect(memo.get(1, 2)).toBe(7);
  });

  it('forgets everything when half full instead of growing, and never answers wrongly', () => {
    const memo = new TokenPairMemo(4);
    for (let i = 0; i < 100; i++) {
      memo.set(i, i + 1, i % 100);
      expect(memo.get(i, i + 1)).toBe(i % 100);
    }
    for (let i = 0; i < 100; i++) expect([-1, i % 100]).toContain(memo.get(i, i + 1));
    expect(memo.get(0, 1)).toBe(-1);
  });

  it('holds nothing for a negative number (a record without that name)', () => {
    const memo = new TokenPairMemo(4);
    memo.set(-1, 2, 3);
    expect(memo.get(-1, 2)).toBe(-1);
  });
});
