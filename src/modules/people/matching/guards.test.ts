import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { identifierSlip } from './guards.ts';

describe('an identifier one slip from another', () => {
  it('accepts one character replaced before the last, or two neighbours swapped anywhere', () => {
    expect(identifierSlip('5211176', '5211876')).toBe(true);
    expect(identifierSlip('5211176', '5211167')).toBe(true);
    expect(identifierSlip('5211176', '2511176')).toBe(true);
  });

  it('refuses the last character replaced: twins registered together get consecutive numbers', () => {
    expect(identifierSlip('2583901', '2583902')).toBe(false);
    expect(identifierSlip('5211179', '5211180')).toBe(false);
    expect(identifierSlip('5211176', '5211176')).toBe(false);
    expect(identifierSlip('12345', '12354')).toBe(false);
  });

  it('never takes consecutive numbers for a slip', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_000_000, max: 9_999_998 }), (n) => !identifierSlip(String(n), String(n + 1))),
    );
  });
});
