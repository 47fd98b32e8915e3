import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csvField, parseCsv } from './csv.ts';

describe('parseCsv', () => {
  it('reads quoted fields, doubled quotes, embedded commas and newlines, CRLF and a BOM, with line numbers', () => {
    const text = '\uFEFFa,b,c\r\n1,"two, too","say ""hi"""\r\n"multi\nline",,x\n\n4,5,6';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'two, too', 'say "hi"'] },
      { line: 3, fields: ['multi\nline', '', 'x'] },
      { line: 6, fields: ['4', '5', '6'] },
    ]);
  });

  it('keeps a trailing empty field and ignores a final newline', () => {
    expect(parseCsv('a,\n')).toEqual([{ line: 1, fields: ['a', ''] }]);
  });

  it('reads back whatever csvField writes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }),
        (rows) => {
          // A record of one empty field is indistinguishable from a blank line, which is skipped.
          const kept = rows.filter((r) => !(r.length === 1 && r[0] === ''));
          const text = kept.map((r) => r.map(csvField).join(',')).join('\r\n');
          expect(parseCsv(text).map((r) => r.fields)).toEqual(kept);
        },
      ),
    );
  });
});
