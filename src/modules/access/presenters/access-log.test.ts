import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { withLanguage } from '../../../platform/language/index.ts';
import { actionWords, outcomeWords } from './access-log.ts';

describe('access log outcomes', () => {
  it('are worded in Welsh on a Welsh page, never the stored English code', () => {
    for (const code of ['success', 'ok', 'denied', 'failure', 'approved', 'justified']) {
      const welsh = withLanguage('cy', () => outcomeWords(code));
      expect(welsh).not.toBe(code);
      expect(welsh).not.toBe(withLanguage('en', () => outcomeWords(code)));
    }
  });
  it('shows an unknown code as itself, so a gap is visible', () => {
    expect(withLanguage('cy', () => outcomeWords('something-new'))).toBe('something-new');
  });
});

describe('access log actions', () => {
  // Every action a page or service audits with a fixed code: the log shows it in words in both languages.
  const src = path.resolve(import.meta.dirname, '..', '..', '..');
  const codes = new Set(
    execFileSync('grep', ['-rhoE', "(action: |audit\\()'[a-z.-]+'", src], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((line) => line.slice(line.indexOf("'") + 1, -1)),
  );

  it('finds the audited actions', () => expect(codes.size).toBeGreaterThan(100));

  it('words each one in English and in Welsh, never as its code', () => {
    const unworded = [...codes].filter((code) => {
      const english = withLanguage('en', () => actionWords(code));
      const welsh = withLanguage('cy', () => actionWords(code));
      return english === code || welsh === code || welsh === english;
    });
    expect(unworded).toEqual([]);
  });
});
