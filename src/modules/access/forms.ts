import { z } from 'zod';
import { restrictedKinds } from './policy.ts';

// The access pages' forms: sharing decisions, retention, restricted details, requests and break-glass.

export const sharingForm = z.object({
  agencyId: z.uuid({ error: 'access.problem.share-agency' }),
  level: z.enum(['signpost', 'shared-summary', 'full'], { error: 'access.problem.level' }),
  basis: z.enum(['consent', 'marac-attendance', 'risk-of-serious-harm', 'legal-duty'], {
    error: 'access.problem.basis',
  }),
  note: z.string().min(10, 'access.problem.note-short').max(2000, 'access.problem.note-long'),
});

export const retentionForm = z.object({
  months: z
    .string()
    .regex(/^\d{2,4}$/, 'access.problem.months')
    .transform(Number)
    .refine((m) => m >= 12 && m <= 1200, 'access.problem.months-range'),
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
  kind: z.enum(restrictedKinds, { error: 'access.problem.kind' }),
  value: z.string().min(1, 'access.problem.detail').max(500, 'access.problem.detail-long'),
  namedAgencyIds: ids,
  namedTeamIds: ids,
  namedUserIds: ids,
});

export const requestForm = z.object({
  reason: z.string().min(10, 'access.problem.restricted-reason').max(2000, 'access.problem.reason-long'),
});

export const decisionForm = z.object({
  decision: z.enum(['approve', 'refuse'], { error: 'access.problem.decision' }),
  note: z.string().max(2000, 'access.problem.review-note-long').optional().default(''),
});

export const breakGlassForm = z.object({
  reason: z.string().min(10, 'access.problem.break-glass-reason').max(2000, 'access.problem.reason-long'),
});

export const reviewForm = z.object({
  outcome: z.enum(['justified', 'not-justified'], { error: 'access.problem.outcome' }),
  note: z.string().max(2000, 'access.problem.review-note-long').optional().default(''),
});

export const approvalForm = z.object({
  decision: z.enum(['approve', 'refuse'], { error: 'access.problem.approval' }),
});
