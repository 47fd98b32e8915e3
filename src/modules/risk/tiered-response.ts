// The minimum response for each level, as a checklist of next steps. Each
// partnership configures its own; a few steps are a floor no configuration
// may remove, because missing them is what homicide reviews find.
import { z } from 'zod';
import { riskLevels, type RiskLevel } from './scoring.ts';

/** A step's wording as the partnership wrote it, and its Welsh wording when the partnership gave one. */
export type ResponseStep = { id: string; label: string; labelCy?: string };

const stepRuleSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens'),
  label: z.string().regex(/\S/, 'must not be blank'),
  labelCy: z.string().regex(/\S/).optional(),
  levels: z.array(z.enum(riskLevels)).min(1),
  onlyWhenChildrenInHousehold: z.boolean().optional(),
});
export type StepRule = z.infer<typeof stepRuleSchema>;

// Steps that must be offered whatever the local configuration says.
const floor: { id: string; level: RiskLevel; withChildren: boolean }[] = [
  { id: 'refer-to-marac', level: 'high', withChildren: false },
  { id: 'refer-to-childrens-social-care', level: 'high', withChildren: true },
];

function applies(rule: StepRule, level: RiskLevel, childrenInHousehold: boolean): boolean {
  return rule.levels.includes(level) && (!rule.onlyWhenChildrenInHousehold || childrenInHousehold);
}

export const tieredResponseConfigSchema = z
  .strictObject({ steps: z.array(stepRuleSchema).min(1) })
  .superRefine((config, ctx) => {
    config.steps.forEach((step, index) => {
      if (config.steps.findIndex((other) => other.id === step.id) !== index) {
        ctx.addIssue({
          code: 'custom',
          path: ['steps', index, 'id'],
          message: `step "${step.id}" is listed twice`,
          params: { problem: 'twice' },
        });
      }
    });
    for (const required of floor) {
      const rule = config.steps.find((step) => step.id === required.id);
      if (!rule || !applies(rule, required.level, required.withChildren)) {
        ctx.addIssue({
          code: 'custom',
          path: ['steps'],
          message: `must include "${required.id}" at ${required.level} risk${required.withChildren ? ' when children are in the household' : ''}`,
          // What a page needs to word the problem in its own language.
          params: { problem: 'floor', ...required },
        });
      }
    }
  });
export type TieredResponseConfig = z.infer<typeof tieredResponseConfigSchema>;

export const defaultTieredResponse: TieredResponseConfig = {
  steps: [
    { id: 'refer-to-marac', label: 'Refer to MARAC', levels: ['high'] },
    { id: 'refer-to-idva', label: 'Refer to the IDVA service', levels: ['high'] },
    {
      id: 'refer-to-childrens-social-care',
      label: "Refer to children's social care",
      levels: ['medium', 'high'],
      onlyWhenChildrenInHousehold: true,
    },
    {
      id: 'refer-to-specialist-service',
      label: 'Refer to a specialist domestic abuse service (outreach or refuge)',
      levels: ['medium'],
    },
    { id: 'agree-safety-plan', label: 'Agree a safety plan with the victim', levels: ['medium', 'high'] },
    {
      id: 'offer-early-help',
      label: 'Offer early help (a local early help assessment or community support)',
      levels: ['standard'],
    },
    {
      id: 'give-information',
      label: 'Give information about local domestic abuse services and the national helpline',
      levels: ['standard', 'medium', 'high'],
    },
    {
      id: 'reassess-after-new-incident',
      label: 'Complete a new checklist after any new incident',
      levels: ['standard', 'medium', 'high'],
    },
  ],
};

export function nextSteps(input: {
  level: RiskLevel;
  childrenInHousehold: boolean;
  config?: TieredResponseConfig;
}): ResponseStep[] {
  const config = tieredResponseConfigSchema.parse(input.config ?? defaultTieredResponse);
  return config.steps
    .filter((rule) => applies(rule, input.level, input.childrenInHousehold))
    .map(({ id, label, labelCy }) => ({ id, label, ...(labelCy ? { labelCy } : {}) }));
}

export const stepOutcomeSchema = z.strictObject({
  stepId: z.string().min(1),
  outcome: z.enum(['done', 'declined', 'not-applicable']),
  reason: z.string().optional(),
});
export type StepOutcome = z.infer<typeof stepOutcomeSchema>;

export type OutcomeCheck = {
  problems: { stepId: string; field: 'stepId' | 'outcome' | 'reason'; message: string }[];
  outstanding: string[]; // steps with no outcome yet
  complete: boolean;
};

// A declined step needs a reason: "declined" with no why hides whether the
// victim refused support or the agency did not offer it.
export function checkStepOutcomes(steps: readonly ResponseStep[], outcomes: readonly StepOutcome[]): OutcomeCheck {
  const problems: OutcomeCheck['problems'] = [];
  const stepIds = new Set(steps.map((step) => step.id));
  const recorded = new Set<string>();
  for (const outcome of outcomes) {
    const parsed = stepOutcomeSchema.safeParse(outcome);
    if (!parsed.success) {
      problems.push({
        stepId: String(outcome.stepId),
        field: 'outcome',
        message: 'risk.next-steps.choose-outcome',
      });
      continue;
    }
    if (!stepIds.has(outcome.stepId)) {
      problems.push({
        stepId: outcome.stepId,
        field: 'stepId',
        message: 'is not one of the next steps for this assessment',
      });
    } else if (recorded.has(outcome.stepId)) {
      problems.push({ stepId: outcome.stepId, field: 'stepId', message: 'has more than one outcome' });
    } else if (outcome.outcome === 'declined' && !/\S/.test(outcome.reason ?? '')) {
      problems.push({ stepId: outcome.stepId, field: 'reason', message: 'risk.next-steps.give-reason' });
    }
    recorded.add(outcome.stepId);
  }
  const outstanding = steps.map((step) => step.id).filter((id) => !recorded.has(id));
  return { problems, outstanding, complete: problems.length === 0 && outstanding.length === 0 };
}
