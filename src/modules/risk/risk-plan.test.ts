import { label } from '../../platform/language/index.ts';
import { describe, expect, it } from 'vitest';
import {
  actionsByCategory,
  actionsDueForReview,
  isDueForReview,
  riskManagementPlanSchema,
  safetyPlanSchema,
} from './risk-plan.ts';

const plan = {
  agreedOn: '2025-03-01',
  ownerAgency: 'IDVA service',
  reviewOn: '2025-04-01',
  actions: [
    {
      category: 'remove',
      riskAddressed: 'Perpetrator has keys to the home',
      action: 'Change the locks',
      ownerAgency: 'Housing',
      reviewOn: '2025-03-08',
    },
    {
      category: 'avoid',
      riskAddressed: 'Contact at school gate',
      action: 'School to manage pick-up',
      ownerAgency: 'Education',
      reviewOn: '2025-03-15',
      status: 'done',
    },
    {
      category: 'reduce',
      riskAddressed: 'Stalking',
      action: 'Fit a panic alarm',
      ownerAgency: 'Police',
      reviewOn: '2025-03-20',
    },
    {
      category: 'accept',
      riskAddressed: 'Shared workplace',
      action: 'Victim chooses to keep her job',
      ownerAgency: 'IDVA service',
      reviewOn: '2025-04-01',
      rationale: "Victim's informed choice; employer aware",
    },
  ],
};

describe('risk management plan', () => {
  it('accepts a dated, owned plan and groups it as remove / avoid / reduce / accept', () => {
    const parsed = riskManagementPlanSchema.parse(plan);
    expect(parsed.actions[0]?.status).toBe('planned');
    const grouped = actionsByCategory(parsed);
    expect(Object.keys(grouped)).toEqual(['remove', 'avoid', 'reduce', 'accept']);
    expect(grouped.reduce.map((a) => a.action)).toEqual(['Fit a panic alarm']);
  });

  it('needs a rationale to accept a risk, an owner, and review dates on or after agreement', () => {
    const bad = {
      ...plan,
      reviewOn: '2025-02-01',
      actions: [
        { ...plan.actions[3], rationale: undefined },
        { ...plan.actions[0], ownerAgency: ' ', reviewOn: '2025-02-28' },
      ],
    };
    const result = riskManagementPlanSchema.safeParse(bad);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'actions.0.rationale',
      'actions.1.ownerAgency',
      'actions.1.reviewOn',
      'reviewOn',
    ]);
  });

  it('refuses an unknown category and an impossible date', () => {
    const result = riskManagementPlanSchema.safeParse({
      ...plan,
      actions: [{ ...plan.actions[0], category: 'ignore', reviewOn: '2025-13-01' }],
    });
    expect(result.error?.issues.map((i) => label(i.message))).toEqual([
      'Choose remove, avoid, reduce or accept',
      'Enter a real date, for example 2025-03-27',
    ]);
  });

  it('finds actions due for review, leaving finished ones out', () => {
    const parsed = riskManagementPlanSchema.parse(plan);
    expect(actionsDueForReview(parsed, '2025-03-16').map((a) => a.category)).toEqual(['remove']);
    expect(isDueForReview(parsed, '2025-03-31')).toBe(false);
    expect(isDueForReview(parsed, '2025-04-01')).toBe(true);
  });
});

describe('victim safety plan', () => {
  const safetyPlan = {
    agreedOn: '2025-03-01',
    ownerAgency: 'IDVA service',
    reviewOn: '2025-03-29',
    agreedWithVictim: true,
    items: [{ topic: 'code-word', arrangement: 'Agreed a code word with a neighbour' }],
  };

  it('accepts a plan agreed with the victim', () => {
    expect(safetyPlanSchema.safeParse(safetyPlan).success).toBe(true);
  });

  it('must be agreed with the victim, have at least one part and a review date after agreement', () => {
    const result = safetyPlanSchema.safeParse({
      ...safetyPlan,
      agreedWithVictim: false,
      items: [],
      reviewOn: '2025-02-01',
    });
    expect(result.error?.issues.map((i) => label(i.message)).sort()).toEqual([
      'A safety plan must be agreed with the victim',
      'Add at least one part of the plan',
      'The review date must be on or after the date the plan was agreed',
    ]);
  });
});
