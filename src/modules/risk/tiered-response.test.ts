import { label } from '../../platform/language/index.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { riskLevels } from './scoring.ts';
import {
  checkStepOutcomes,
  defaultTieredResponse,
  nextSteps,
  tieredResponseConfigSchema,
  type TieredResponseConfig,
} from './tiered-response.ts';

const ids = (level: (typeof riskLevels)[number], childrenInHousehold: boolean, config?: TieredResponseConfig) =>
  nextSteps({ level, childrenInHousehold, config }).map((s) => s.id);

describe('nextSteps (default minimum response)', () => {
  it('high: MARAC and IDVA referral', () => {
    expect(ids('high', false)).toEqual([
      'refer-to-marac',
      'refer-to-idva',
      'agree-safety-plan',
      'give-information',
      'reassess-after-new-incident',
    ]);
  });

  it("medium or high with children: children's social care referral", () => {
    expect(ids('high', true)).toContain('refer-to-childrens-social-care');
    expect(ids('medium', true)).toContain('refer-to-childrens-social-care');
    expect(ids('medium', false)).not.toContain('refer-to-childrens-social-care');
    expect(ids('standard', true)).not.toContain('refer-to-childrens-social-care');
  });

  it('standard: early help and information', () => {
    expect(ids('standard', false)).toEqual(['offer-early-help', 'give-information', 'reassess-after-new-incident']);
  });

  it('every step has an id and a label', () => {
    for (const step of nextSteps({ level: 'high', childrenInHousehold: true })) {
      expect(step.id).toMatch(/^[a-z-]+$/);
      expect(step.label.length).toBeGreaterThan(0);
    }
  });

  it('property: high risk always includes MARAC, and children always bring a social care referral at high', () => {
    fc.assert(
      fc.property(fc.constantFrom(...riskLevels), fc.boolean(), (level, children) => {
        const steps = ids(level, children);
        expect(steps.includes('refer-to-marac')).toBe(level === 'high');
        if (level !== 'standard' && children) expect(steps).toContain('refer-to-childrens-social-care');
      }),
    );
  });
});

describe('partnership configuration', () => {
  it('uses a partnership configuration that adds steps', () => {
    const config: TieredResponseConfig = {
      steps: [
        ...defaultTieredResponse.steps,
        { id: 'notify-housing', label: 'Tell the housing provider', levels: ['high'] },
      ],
    };
    expect(ids('high', false, config)).toContain('notify-housing');
  });

  it('refuses a configuration that drops the MARAC referral at high risk or the social care referral for children', () => {
    const withoutMarac = { steps: defaultTieredResponse.steps.filter((s) => s.id !== 'refer-to-marac') };
    expect(() => ids('high', false, withoutMarac)).toThrow(/refer-to-marac/);
    const parsed = tieredResponseConfigSchema.safeParse({
      steps: defaultTieredResponse.steps.map((s) =>
        s.id === 'refer-to-childrens-social-care' ? { ...s, levels: ['medium'] } : s,
      ),
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/refer-to-childrens-social-care" at high risk when children/);
  });

  it('refuses duplicate step ids', () => {
    const parsed = tieredResponseConfigSchema.safeParse({
      steps: [...defaultTieredResponse.steps, defaultTieredResponse.steps[0]],
    });
    expect(parsed.error?.issues[0]?.path).toEqual(['steps', defaultTieredResponse.steps.length, 'id']);
  });
});

describe('checkStepOutcomes', () => {
  const steps = nextSteps({ level: 'high', childrenInHousehold: false });

  it('is complete when every step has a valid outcome', () => {
    const result = checkStepOutcomes(steps, [
      { stepId: 'refer-to-marac', outcome: 'done' },
      { stepId: 'refer-to-idva', outcome: 'declined', reason: 'Victim already supported by the refuge IDVA' },
      { stepId: 'agree-safety-plan', outcome: 'done' },
      { stepId: 'give-information', outcome: 'done' },
      { stepId: 'reassess-after-new-incident', outcome: 'not-applicable' },
    ]);
    expect(result).toEqual({ problems: [], outstanding: [], complete: true });
  });

  it('needs a reason for a declined step', () => {
    const result = checkStepOutcomes(steps, [{ stepId: 'refer-to-idva', outcome: 'declined', reason: ' ' }]);
    expect(result.problems).toEqual([
      { stepId: 'refer-to-idva', field: 'reason', message: 'risk.next-steps.give-reason' },
    ]);
    expect(label(result.problems[0]!.message)).toBe('Give the reason this step was declined');
    expect(result.complete).toBe(false);
  });

  it('lists outstanding steps and refuses unknown, repeated or invalid outcomes', () => {
    const result = checkStepOutcomes(steps, [
      { stepId: 'refer-to-marac', outcome: 'done' },
      { stepId: 'refer-to-marac', outcome: 'done' },
      { stepId: 'offer-early-help', outcome: 'done' },
      { stepId: 'refer-to-idva', outcome: 'maybe' as never },
    ]);
    expect(result.problems.map((p) => [p.stepId, p.field])).toEqual([
      ['refer-to-marac', 'stepId'],
      ['offer-early-help', 'stepId'],
      ['refer-to-idva', 'outcome'],
    ]);
    expect(result.outstanding).toEqual([
      'refer-to-idva',
      'agree-safety-plan',
      'give-information',
      'reassess-after-new-incident',
    ]);
  });
});
