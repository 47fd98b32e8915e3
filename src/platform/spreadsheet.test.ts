import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import readXlsxFile from 'read-excel-file/node';
import { toCsv, toXlsx } from './spreadsheet.ts';

describe('CSV export', () => {
  it('quotes separators and neutralises spreadsheet formulas', () => {
    expect(toCsv([['a,b', 'say "hi"', '=HYPERLINK("x")', '-1', 'plain', 3, null]])).toBe(
      '"a,b","say ""hi""","\'=HYPERLINK(""x"")",\'-1,plain,3,\r\n',
    );
  });

  it('never starts a cell with a formula character, whatever the value', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const cell = toCsv([[value]])
          .slice(0, -2)
          .replace(/^"/, '');
        expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('XLSX export', () => {
  it('reads back as the same table, with formulas kept as text and numbers as numbers', async () => {
    // "constructor" and "valueOf" are object property names: the writer must not look them up as such.
    const rows = [
      ['measure', 'value'],
      ['=HYPERLINK("x")', 3],
      ['empty', null],
      ['constructor', 1],
      ['valueOf', 2],
    ];
    const [sheet] = await readXlsxFile(await toXlsx(rows, 'Return'));
    expect(sheet!.sheet).toBe('Return');
    expect(sheet!.data).toEqual(rows);
  });

  it('round-trips any printable text and integer', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(
            fc.string({ minLength: 1 }).filter((s) => /^[\x20-\x7e]+$/.test(s) && s.trim() === s),
            fc.integer(),
          ),
          { minLength: 1, maxLength: 5 },
        ),
        async (pairs) => {
          const [sheet] = await readXlsxFile(await toXlsx(pairs, 'Sheet'));
          expect(sheet!.data).toEqual(pairs);
        },
      ),
      { numRuns: 25 },
    );
  });
});
