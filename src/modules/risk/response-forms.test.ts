import { describe, expect, it } from 'vitest';
import { withLanguage } from '../../platform/language/index.ts';
import { parseResponseConfig, responseConfigValues } from './response-forms.ts';
import { defaultTieredResponse } from './tiered-response.ts';

const problemsOf = (values: Record<string, unknown>, language: 'en' | 'cy') =>
  withLanguage(language, () => {
    const parsed = parseResponseConfig(values);
    return parsed.ok ? [] : parsed.errorList.map((e) => e.text);
  });

describe('the minimum response form', () => {
  const values = responseConfigValues(defaultTieredResponse);

  it('words a configuration that drops a required step in the page language, naming the step', () => {
    const removed = { ...values, 'step-0-remove': 'yes' };
    expect(problemsOf(removed, 'en')).toEqual(['The minimum response must include “Refer to MARAC” at high risk']);
    const [welsh] = problemsOf(removed, 'cy');
    expect(welsh).toMatch(/^Rhaid i'r ymateb gofynnol gynnwys “.+” ar risg uchel$/);
    expect(welsh).not.toContain('Refer to MARAC');
  });

  it('words two steps of the same wording, and a wording with no letters, in the page language', () => {
    const twice = { ...values, 'step-1-id': '', 'step-1-label': 'Refer to MARAC' };
    expect(problemsOf(twice, 'cy')).toContain('Cam 2: mae gan gam arall yr un geiriad');
    const noLetters = { ...values, 'step-1-id': '', 'step-1-label': '***' };
    expect(problemsOf(noLetters, 'en')).toContain('Step 2: the wording must contain letters or numbers');
  });
});
