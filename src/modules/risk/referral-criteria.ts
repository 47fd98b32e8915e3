// The four MARAC referral criteria, evaluated on every save. Each criterion met
// carries its evidence in words, because the referral stores them and the
// MARAC coordinator must be able to see why a case was referred.
import { z } from 'zod';

export const maracCriteria = ['visible-high-risk', 'professional-judgement', 'potential-escalation', 'repeat'] as const;
export type MaracCriterion = (typeof maracCriteria)[number];
export type CriterionMet = { criterion: MaracCriterion; evidence: string };

// A partnership setting; 3 police-recorded incidents in 12 months is the usual default.
export const defaultEscalationThreshold = 3;

const count = z.int().min(0);

export const maracCriteriaInputSchema = z.strictObject({
  score: count,
  threshold: z.int().min(1),
  professionalJudgementHigh: z.boolean(),
  professionalJudgementReason: z.string().optional(),
  policeIncidentsLast12Months: count,
  escalationThreshold: z.int().min(1).default(defaultEscalationThreshold),
  // Calendar dates (YYYY-MM-DD): a MARAC date has no time of day, and time
  // zones must not move an event across the 12-month line.
  lastMaracDate: z.iso.date().optional(),
  newEventDate: z.iso.date(),
});
export type MaracCriteriaInput = z.input<typeof maracCriteriaInputSchema>;

function addTwelveMonths(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  // 29 February + 12 months rolls to 1 March, which errs towards a repeat.
  return new Date(Date.UTC(year + 1, month - 1, day)).toISOString().slice(0, 10);
}

export function evaluateMaracCriteria(input: MaracCriteriaInput): CriterionMet[] {
  const parsed = maracCriteriaInputSchema.safeParse(input);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new RangeError(`Cannot evaluate MARAC criteria: ${detail}`);
  }
  const i = parsed.data;
  const met: CriterionMet[] = [];
  if (i.score >= i.threshold) {
    met.push({
      criterion: 'visible-high-risk',
      evidence: `Checklist score ${i.score} is at or above the MARAC threshold of ${i.threshold}.`,
    });
  }
  if (i.professionalJudgementHigh) {
    const reason = i.professionalJudgementReason?.trim();
    met.push({
      criterion: 'professional-judgement',
      evidence: reason
        ? `The practitioner judged the risk to be high: ${reason}`
        : 'The practitioner judged the risk to be high.',
    });
  }
  if (i.policeIncidentsLast12Months >= i.escalationThreshold) {
    met.push({
      criterion: 'potential-escalation',
      evidence: `${i.policeIncidentsLast12Months} police-recorded incidents in the last 12 months (the partnership refers at ${i.escalationThreshold} or more).`,
    });
  }
  // ISO calendar dates compare correctly as strings.
  if (i.lastMaracDate && i.newEventDate >= i.lastMaracDate && i.newEventDate <= addTwelveMonths(i.lastMaracDate)) {
    met.push({
      criterion: 'repeat',
      evidence: `New incident or assessment on ${i.newEventDate} is within 12 months of the last MARAC on ${i.lastMaracDate}.`,
    });
  }
  return met;
}
