import { describe, expect, it } from 'vitest';
import { decide, DEFAULT_THRESHOLDS, validateThresholds } from './thresholds.ts';

describe('thresholds', () => {
  it('high bound links, the uncertain band goes to review', () => {
    expect(decide(0.999)).toBe('link');
    expect(decide(DEFAULT_THRESHOLDS.link)).toBe('link');
    expect(decide(0.8)).toBe('review');
    expect(decide(0.2)).toBe('distinct');
  });

  it('plainly different given names are never linked, unless a personal identifier agrees', () => {
    expect(decide(0.99999, DEFAULT_THRESHOLDS, { namesConflict: true, identifierAgrees: false })).toBe('review');
    expect(decide(0.3, DEFAULT_THRESHOLDS, { namesConflict: true, identifierAgrees: false })).toBe('distinct');
    expect(
      decide(0.99999, DEFAULT_THRESHOLDS, { namesConflict: false, identifierAgrees: false, household: true }),
    ).toBe('review');
    expect(decide(0.99999, DEFAULT_THRESHOLDS, { namesConflict: false, identifierAgrees: true, household: true })).toBe(
      'link',
    );
    expect(decide(0.99999, DEFAULT_THRESHOLDS, { namesConflict: true, identifierAgrees: true })).toBe('link');
  });

  it('rejects inconsistent bounds', () => {
    expect(() => validateThresholds({ link: 0.5, review: 0.9 })).toThrow(RangeError);
    expect(() => validateThresholds({ link: 1, review: 0.5 })).toThrow(RangeError);
    expect(validateThresholds({ link: 0.95, review: 0.6 })).toEqual({ link: 0.95, review: 0.6 });
  });
});
