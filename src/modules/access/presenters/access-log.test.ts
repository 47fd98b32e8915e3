import { describe, expect, it } from 'vitest';
import { withLanguage } from '../../../platform/language/index.ts';
import { outcomeWords } from './access-log.ts';

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
