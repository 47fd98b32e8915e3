import { describe, expect, it } from 'vitest';
import { withLanguage } from '../../platform/language/index.ts';
import { stepWords } from './labels.ts';
import { parseResponseConfig, responseConfigValues } from './response-forms.ts';
import { defaultTieredResponse, nextSteps } from './tiered-response.ts';

describe('next steps in the page language', () => {
  const standard = defaultTieredResponse.steps.find((s) => s.id === 'agree-safety-plan')!;

  it('shows a step in the standard wording from the catalogue', () => {
    expect(withLanguage('cy', () => stepWords(standard))).not.toBe(standard.label);
    expect(withLanguage('en', () => stepWords(standard))).toBe(standard.label);
  });

  it('shows a reworded step as the partnership wrote it, in Welsh when it gave a Welsh wording', () => {
    const reworded = {
      id: standard.id,
      label: 'Agree a safety plan within a week',
      labelCy: 'Cytuno ar gynllun diogelwch o fewn wythnos',
    };
    expect(withLanguage('en', () => stepWords(reworded))).toBe(reworded.label);
    expect(withLanguage('cy', () => stepWords(reworded))).toBe(reworded.labelCy);
    expect(withLanguage('cy', () => stepWords({ id: standard.id, label: reworded.label }))).toBe(reworded.label);
  });

  it('keeps the Welsh wording through the settings form and into the steps of a checklist', () => {
    const config = {
      steps: defaultTieredResponse.steps.map((s) =>
        s.id === 'agree-safety-plan' ? { ...s, label: 'Agree a plan', labelCy: 'Cytuno ar gynllun' } : s,
      ),
    };
    const parsed = parseResponseConfig(responseConfigValues(config));
    expect(parsed.ok).toBe(true);
    const steps = nextSteps({ level: 'high', childrenInHousehold: false, config: parsed.ok ? parsed.value : config });
    expect(steps.find((s) => s.id === 'agree-safety-plan')).toEqual({
      id: 'agree-safety-plan',
      label: 'Agree a plan',
      labelCy: 'Cytuno ar gynllun',
    });
  });
});
