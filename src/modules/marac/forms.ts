import { z } from 'zod';
import { label } from '../../platform/language/index.ts';

// Forms for the MARAC pages. Dates arrive as GOV.UK date inputs (<name>-day, -month, -year) and are checked as one date.

export function dateInput(values: Record<string, unknown>, name: string): string {
  const part = (key: string, width: number) =>
    String(values[`${name}-${key}`] ?? '')
      .trim()
      .padStart(width, '0');
  return `${part('year', 4)}-${part('month', 2)}-${part('day', 2)}`;
}

const realDate = (iso: string) => {
  const d = new Date(`${iso}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) && !Number.isNaN(d.getTime()) && d.toISOString().startsWith(iso);
};
const today = () => new Date().toISOString().slice(0, 10);
// A form's messages are catalogue keys; a date's problem names the field, so it is put into words here.
const dateField = (field: string, rule?: (iso: string) => string | null) =>
  z.string().check((ctx) => {
    const problem =
      !realDate(ctx.value) || ctx.value < '1900-01-01'
        ? label('marac.problem.real-date', { field: label(field) })
        : (rule?.(ctx.value) ?? null);
    if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
  });
const text = (max: number, tooLong: string) => z.string().max(max, tooLong).default('');
const consent = z.enum(['given', 'refused', 'not-asked'], { error: 'marac.problem.consent' });
const children = z.coerce
  .number({ error: 'marac.problem.children-number' })
  .int('marac.problem.children-whole')
  .min(0, 'marac.problem.children-min')
  .max(30, 'marac.problem.children-max');
// Runs even when other fields have problems, so every problem is reported at once.
const lawfulBasisGiven = (v: { consentStatus?: unknown; lawfulBasis?: unknown }) =>
  v.consentStatus === 'given' || Boolean(v.lawfulBasis);
const lawfulBasisProblem = {
  path: ['lawfulBasis'],
  message: 'marac.problem.lawful-basis',
  when: () => true,
};

export const manualReferralForm = z
  .object({
    givenName: z.string().min(1, 'marac.problem.first-name').max(100, 'marac.problem.first-name-long'),
    familyName: z.string().min(1, 'marac.problem.last-name').max(100, 'marac.problem.last-name-long'),
    dateOfBirth: dateField('marac.field.dob', (iso) => (iso > today() ? 'marac.problem.dob-past' : null)),
    reason: z.string().min(1, 'marac.problem.reason').max(4000, 'marac.problem.reason-long'),
    childrenInHousehold: children,
    consentStatus: consent,
    lawfulBasis: text(2000, 'marac.problem.basis-long'),
  })
  .refine(lawfulBasisGiven, lawfulBasisProblem);

const triState = z.enum(['yes', 'no', 'not-known'], { error: 'marac.problem.tri' });
export const acceptForm = z
  .object({
    riskLevel: z.enum(['high', 'medium', 'standard'], { error: 'marac.problem.risk-level' }),
    childrenInHousehold: children,
    consentStatus: consent,
    lawfulBasis: text(2000, 'marac.problem.basis-long'),
    summary: text(8000, 'marac.problem.summary-long'),
    victimSex: z.enum(['female', 'male', 'other', 'not-known'], { error: 'marac.problem.sex' }),
    victimBme: triState,
    victimLgbt: triState,
    victimDisabled: triState,
  })
  .refine(lawfulBasisGiven, lawfulBasisProblem);
export const triToBool = (v: 'yes' | 'no' | 'not-known') => (v === 'yes' ? true : v === 'no' ? false : null);

export const declineForm = z.object({
  decisionReason: z.string().min(1, 'marac.problem.decline-reason').max(4000, 'marac.problem.reason-long'),
});

export const meetingForm = z.object({
  heldOn: dateField('marac.field.meeting-date'),
  chairUserId: z.uuid({ error: 'marac.problem.select-chair' }),
  capacity: z.coerce
    .number({ error: 'marac.problem.cases-number' })
    .int('marac.problem.cases-whole')
    .min(1, 'A meeting takes at least 1 case')
    .max(60, 'A meeting takes 60 cases or fewer'),
  agencyIds: z.array(z.uuid()).min(1, 'marac.problem.select-agencies'),
});

export const researchForm = z
  .object({
    noTrace: z.enum(['yes', 'no']).optional(),
    victim: text(8000, 'marac.problem.research-victim-long'),
    perpetrator: text(8000, 'marac.problem.research-perpetrator-long'),
    children: text(8000, 'marac.problem.research-children-long'),
  })
  .refine((v) => v.noTrace === 'yes' || Boolean(v.victim || v.perpetrator || v.children), {
    path: ['victim'],
    message: 'marac.problem.research-empty',
  });

export const discussionForm = z.object({
  informationShared: text(20000, 'marac.problem.information-long'),
  decisions: text(20000, 'marac.problem.decisions-long'),
});

export const actionForm = z.object({
  ownerAgencyId: z.uuid({ error: 'marac.problem.owner-agency' }),
  description: z.string().min(1, 'marac.problem.describe').max(2000, 'marac.problem.action-long'),
  dueOn: dateField('marac.field.due-date', (iso) => (iso < today() ? 'marac.problem.due-future' : null)),
});

export const completeForm = z.object({
  note: z.string().min(1, 'marac.problem.what-done').max(4000, 'marac.problem.note-long'),
});
export const closeForm = z.object({
  outcome: z.string().min(1, 'marac.problem.outcome').max(4000, 'marac.problem.outcome-long'),
});
export const transferForm = z.object({
  toPartnershipId: z.uuid({ error: 'marac.problem.destination' }),
});
export const populationForm = z.object({
  adultWomen: z.coerce
    .number({ error: 'marac.problem.adult-women' })
    .int('marac.problem.whole')
    .min(1, 'marac.problem.above-zero')
    .max(100_000_000, 'marac.problem.smaller'),
  bmePercent: z
    .string()
    .optional()
    .transform((v) => (v ?? '').trim().replace(/%$/, ''))
    .refine((v) => v === '' || /^\d{1,3}(\.\d)?$/.test(v), 'marac.problem.percentage')
    .transform((v) => (v === '' ? null : Number(v)))
    .refine((n) => n === null || n <= 100, 'marac.problem.percentage-max'),
});
export const quarterQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  quarter: z.coerce
    .number()
    .int()
    .min(1)
    .max(4)
    .transform((q) => q as 1 | 2 | 3 | 4),
});
