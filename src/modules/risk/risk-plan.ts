// The risk management plan (RARA: remove, avoid, reduce, accept) and the
// victim's safety plan. Both are dated, owned by an agency and reviewed, so a
// plan can never quietly go stale.
import { z } from 'zod';

export const raraCategories = ['remove', 'avoid', 'reduce', 'accept'] as const;
export type RaraCategory = (typeof raraCategories)[number];
export const planActionStatuses = ['planned', 'in-progress', 'done', 'not-done'] as const;

// Messages are catalogue keys (risk.plan.*), put into the page's language by the form that shows them.
const text = (missing: string, max = 2000) => z.string().max(max).regex(/\S/, missing);
const isoDate = z.iso.date('risk.plan.real-date');

const isDate = (value: unknown): value is string => isoDate.safeParse(value).success;
const reviewMessage = 'risk.plan.review-after-agreed';

// Date order is checked whenever both dates are readable, even if other
// fields are wrong, so the form shows every error at once (GOV.UK pattern).
function datesReadable({ value }: { value: unknown }): boolean {
  const plan = value as { agreedOn?: unknown; reviewOn?: unknown } | null;
  return isDate(plan?.agreedOn) && isDate(plan?.reviewOn);
}
function reviewNotBeforeAgreement(plan: { agreedOn: string; reviewOn: string }, ctx: z.RefinementCtx): void {
  if (plan.reviewOn < plan.agreedOn) ctx.addIssue({ code: 'custom', path: ['reviewOn'], message: reviewMessage });
}

export const riskPlanActionSchema = z
  .strictObject({
    category: z.enum(raraCategories, 'risk.plan.choose-rara'),
    riskAddressed: text('risk.plan.enter-risk-addressed'),
    action: text('risk.plan.enter-action'),
    ownerAgency: text('risk.plan.enter-agency-responsible', 200),
    reviewOn: isoDate,
    status: z.enum(planActionStatuses).default('planned'),
    // Accepting a risk is a decision someone must be able to defend later.
    rationale: z.string().max(2000).optional(),
  })
  .refine((action) => action.category !== 'accept' || /\S/.test(action.rationale ?? ''), {
    path: ['rationale'],
    message: 'risk.plan.explain-accept',
    // Checked even when other fields are wrong, so the form shows every error at once.
    when: ({ value }) => (value as { category?: unknown } | null)?.category === 'accept',
  });
export type RiskPlanAction = z.infer<typeof riskPlanActionSchema>;

export const riskManagementPlanSchema = z
  .strictObject({
    agreedOn: isoDate,
    ownerAgency: text('risk.plan.enter-owner-agency', 200),
    reviewOn: isoDate,
    actions: z.array(riskPlanActionSchema).min(1, 'risk.plan.add-action'),
  })
  .superRefine(reviewNotBeforeAgreement, { when: datesReadable })
  .superRefine(
    (plan, ctx) => {
      plan.actions.forEach((action, index) => {
        if (isDate(action?.reviewOn) && action.reviewOn < plan.agreedOn) {
          ctx.addIssue({ code: 'custom', path: ['actions', index, 'reviewOn'], message: reviewMessage });
        }
      });
    },
    {
      when: ({ value }) =>
        isDate((value as { agreedOn?: unknown } | null)?.agreedOn) &&
        Array.isArray((value as { actions?: unknown }).actions),
    },
  );
export type RiskManagementPlan = z.infer<typeof riskManagementPlanSchema>;

export const safetyPlanTopics = [
  'emergency-contacts',
  'leaving-safely',
  'safe-place',
  'important-documents',
  'children',
  'phone-and-online-safety',
  'code-word',
  'home-security',
  'other',
] as const;

export const safetyPlanSchema = z
  .strictObject({
    agreedOn: isoDate,
    ownerAgency: text('risk.plan.enter-owner-agency', 200),
    reviewOn: isoDate,
    // A plan made about the victim without them is not a safety plan.
    agreedWithVictim: z.literal(true, 'risk.plan.agree-with-victim'),
    items: z
      .array(z.strictObject({ topic: z.enum(safetyPlanTopics), arrangement: text('risk.plan.enter-arrangement') }))
      .min(1, 'risk.plan.add-part'),
    safeWayToContact: text('risk.plan.enter-safe-way', 500).optional(),
  })
  .superRefine(reviewNotBeforeAgreement, { when: datesReadable });
export type SafetyPlan = z.infer<typeof safetyPlanSchema>;

export function actionsByCategory(plan: Pick<RiskManagementPlan, 'actions'>): Record<RaraCategory, RiskPlanAction[]> {
  const grouped: Record<RaraCategory, RiskPlanAction[]> = { remove: [], avoid: [], reduce: [], accept: [] };
  for (const action of plan.actions) grouped[action.category].push(action);
  return grouped;
}

export function isDueForReview(item: { reviewOn: string }, today: string): boolean {
  return item.reviewOn <= today;
}

// Finished actions need no review; everything else due on or before today does.
export function actionsDueForReview(plan: Pick<RiskManagementPlan, 'actions'>, today: string): RiskPlanAction[] {
  return plan.actions.filter((action) => action.status !== 'done' && isDueForReview(action, today));
}
