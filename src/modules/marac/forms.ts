import { z } from 'zod';

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
const dateField = (label: string, rule?: (iso: string) => string | null) =>
  z.string().check((ctx) => {
    const problem =
      !realDate(ctx.value) || ctx.value < '1900-01-01'
        ? `${label} must be a real date, like 27 3 2026`
        : (rule?.(ctx.value) ?? null);
    if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
  });
const text = (max: number, tooLong: string) => z.string().max(max, tooLong).default('');
const consent = z.enum(['given', 'refused', 'not-asked'], { error: 'Select whether the victim consented to sharing' });
const children = z.coerce
  .number({ error: 'Enter the number of children, like 2' })
  .int('Enter a whole number of children')
  .min(0, 'Children cannot be fewer than 0')
  .max(30, 'Enter 30 or fewer children');
// Runs even when other fields have problems, so every problem is reported at once.
const lawfulBasisGiven = (v: { consentStatus?: unknown; lawfulBasis?: unknown }) =>
  v.consentStatus === 'given' || Boolean(v.lawfulBasis);
const lawfulBasisProblem = {
  path: ['lawfulBasis'],
  message: 'Without consent, record the lawful basis for sharing',
  when: () => true,
};

export const manualReferralForm = z
  .object({
    givenName: z
      .string()
      .min(1, 'Enter the victim’s first name')
      .max(100, 'The first name must be 100 characters or fewer'),
    familyName: z
      .string()
      .min(1, 'Enter the victim’s last name')
      .max(100, 'The last name must be 100 characters or fewer'),
    dateOfBirth: dateField('Date of birth', (iso) => (iso > today() ? 'Date of birth must be in the past' : null)),
    reason: z
      .string()
      .min(1, 'Give the reason for referring to MARAC')
      .max(4000, 'The reason must be 4000 characters or fewer'),
    childrenInHousehold: children,
    consentStatus: consent,
    lawfulBasis: text(2000, 'The lawful basis must be 2000 characters or fewer'),
  })
  .refine(lawfulBasisGiven, lawfulBasisProblem);

const triState = z.enum(['yes', 'no', 'not-known'], { error: 'Select yes, no or not known' });
export const acceptForm = z
  .object({
    riskLevel: z.enum(['high', 'medium', 'standard'], { error: 'Select the risk level' }),
    childrenInHousehold: children,
    consentStatus: consent,
    lawfulBasis: text(2000, 'The lawful basis must be 2000 characters or fewer'),
    summary: text(8000, 'The summary must be 8000 characters or fewer'),
    victimSex: z.enum(['female', 'male', 'other', 'not-known'], { error: 'Select the victim’s sex' }),
    victimBme: triState,
    victimLgbt: triState,
    victimDisabled: triState,
  })
  .refine(lawfulBasisGiven, lawfulBasisProblem);
export const triToBool = (v: 'yes' | 'no' | 'not-known') => (v === 'yes' ? true : v === 'no' ? false : null);

export const declineForm = z.object({
  decisionReason: z
    .string()
    .min(1, 'Give the reason for declining; the referrer will see it')
    .max(4000, 'The reason must be 4000 characters or fewer'),
});

export const meetingForm = z.object({
  heldOn: dateField('The meeting date'),
  chairUserId: z.uuid({ error: 'Select the chair' }),
  capacity: z.coerce
    .number({ error: 'Enter the number of cases, like 20' })
    .int('Enter a whole number of cases')
    .min(1, 'A meeting takes at least 1 case')
    .max(60, 'A meeting takes 60 cases or fewer'),
  agencyIds: z.array(z.uuid()).min(1, 'Select the agencies attending'),
});

export const researchForm = z
  .object({
    noTrace: z.enum(['yes', 'no']).optional(),
    victim: text(8000, 'What you know about the victim must be 8000 characters or fewer'),
    perpetrator: text(8000, 'What you know about the perpetrator must be 8000 characters or fewer'),
    children: text(8000, 'What you know about the children must be 8000 characters or fewer'),
  })
  .refine((v) => v.noTrace === 'yes' || Boolean(v.victim || v.perpetrator || v.children), {
    path: ['victim'],
    message: 'Record what your agency knows, or select “No trace”',
  });

export const discussionForm = z.object({
  informationShared: text(20000, 'Information shared must be 20000 characters or fewer'),
  decisions: text(20000, 'Decisions must be 20000 characters or fewer'),
});

export const actionForm = z.object({
  ownerAgencyId: z.uuid({ error: 'Select the agency that owns the action' }),
  description: z.string().min(1, 'Describe the action').max(2000, 'The action must be 2000 characters or fewer'),
  dueOn: dateField('The due date', (iso) => (iso < today() ? 'The due date must be today or later' : null)),
});

export const completeForm = z.object({
  note: z.string().min(1, 'Say what was done').max(4000, 'The note must be 4000 characters or fewer'),
});
export const closeForm = z.object({
  outcome: z.string().min(1, 'Record the outcome').max(4000, 'The outcome must be 4000 characters or fewer'),
});
export const transferForm = z.object({
  toPartnershipId: z.uuid({ error: 'Select the partnership the victim has moved to' }),
});
export const populationForm = z.object({
  adultWomen: z.coerce
    .number({ error: 'Enter the number of adult women, like 120000' })
    .int('Enter a whole number')
    .min(1, 'Enter a number above 0')
    .max(100_000_000, 'Enter a smaller number'),
  bmePercent: z
    .string()
    .optional()
    .transform((v) => (v ?? '').trim().replace(/%$/, ''))
    .refine(
      (v) => v === '' || /^\d{1,3}(\.\d)?$/.test(v),
      'Enter a percentage like 12.5, with at most one decimal place',
    )
    .transform((v) => (v === '' ? null : Number(v)))
    .refine((n) => n === null || n <= 100, 'Enter a percentage of 100 or less'),
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
