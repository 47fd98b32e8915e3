import { z } from 'zod';
import { restrictedKinds } from './policy.ts';

// The access pages' forms: sharing decisions, retention, restricted details, requests and break-glass.

export const sharingForm = z.object({
  agencyId: z.uuid({ error: 'Select the agency the information is shared with' }),
  level: z.enum(['signpost', 'shared-summary', 'full'], { error: 'Select how much may be shared' }),
  basis: z.enum(['consent', 'marac-attendance', 'risk-of-serious-harm', 'legal-duty'], {
    error: 'Select the lawful basis for sharing',
  }),
  note: z
    .string()
    .min(10, 'Explain the decision in at least 10 characters')
    .max(2000, 'The explanation must be 2,000 characters or fewer'),
});

export const retentionForm = z.object({
  months: z
    .string()
    .regex(/^\d{2,4}$/, 'Enter the number of months, like 72')
    .transform(Number)
    .refine((m) => m >= 12 && m <= 1200, 'The period must be between 12 and 1,200 months'),
});

// The list the administrator reviewed travels with the form: records that became due since are not touched.
export const reviewedForm = z.object({
  reviewed: z.union([z.uuid(), z.array(z.uuid()).max(20_000)]).transform((v) => (Array.isArray(v) ? v : [v])),
});

const ids = z
  .union([z.uuid(), z.array(z.uuid())])
  .optional()
  .transform((v) => (v === undefined ? [] : [v].flat()));

export const restrictedForm = z.object({
  kind: z.enum(restrictedKinds, { error: 'Select what kind of detail this is' }),
  value: z.string().min(1, 'Enter the detail').max(500, 'The detail must be 500 characters or fewer'),
  namedAgencyIds: ids,
  namedTeamIds: ids,
  namedUserIds: ids,
});

export const requestForm = z.object({
  reason: z
    .string()
    .min(10, 'Explain why you need to see the restricted details, in at least 10 characters')
    .max(2000, 'The reason must be 2,000 characters or fewer'),
});

export const decisionForm = z.object({
  decision: z.enum(['approve', 'refuse'], { error: 'Select whether to approve or refuse the request' }),
  note: z.string().max(2000, 'The note must be 2,000 characters or fewer').optional().default(''),
});

export const breakGlassForm = z.object({
  reason: z
    .string()
    .min(10, 'Explain why you need to see more than you can, in at least 10 characters')
    .max(2000, 'The reason must be 2,000 characters or fewer'),
});

export const reviewForm = z.object({
  outcome: z.enum(['justified', 'not-justified'], { error: 'Select whether the access was justified' }),
  note: z.string().max(2000, 'The note must be 2,000 characters or fewer').optional().default(''),
});

export const approvalForm = z.object({
  decision: z.enum(['approve', 'refuse'], { error: 'Select whether to approve or refuse the emergency access' }),
});
