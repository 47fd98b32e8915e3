import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { toCsv } from './service.ts';

describe('CSV export', () => {
  it('quotes separators and neutralises spreadsheet formulas', () => {
    expect(toCsv([['a,b', 'say "hi"', '=HYPERLINK("x")', '-1', 'plain']])).toBe('"a,b","say ""hi""","\'=HYPERLINK(""x"")",\'-1,plain\r\n');
  });

  it('never starts a cell with a formula character, whatever the value', () => {
    fc.assert(fc.property(fc.string(), (value) => {
      const cell = toCsv([[value]]).slice(0, -2).replace(/^"/, '');
      expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }), { numRuns: 1000 });
  });
});
