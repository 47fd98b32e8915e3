import { z } from 'zod';
import { REFERRAL_SERVICES } from './tables.ts';

// One schema per form for the pages; each problem is a catalogue key, so the page shows it in its own language.

const lawfulBasisGiven = (v: { consentStatus?: unknown; lawfulBasis?: unknown }) =>
  v.consentStatus === 'given' || Boolean(v.lawfulBasis);

export const referralForm = z
  .object({
    assessmentId: z.uuid({ error: 'referrals.error.assessment' }),
    stepId: z
      .string()
      .max(80, 'referrals.error.step')
      .regex(/^[a-z0-9-]*$/, 'referrals.error.step')
      .default('')
      .transform((v) => v || null),
    toAgencyId: z.uuid({ error: 'referrals.error.to-agency' }),
    service: z.enum(REFERRAL_SERVICES, { error: 'referrals.error.service' }),
    reason: z.string().min(1, 'referrals.error.reason').max(4000, 'referrals.error.reason-length'),
    consentStatus: z.enum(['given', 'refused', 'not-asked'], {
      error: 'referrals.error.consent',
    }),
    lawfulBasis: z
      .string()
      .max(2000, 'referrals.error.lawful-basis-length')
      .default('')
      .transform((v) => v || null),
    sharedLevel: z.enum(['shared-summary', 'full'], { error: 'referrals.error.shared-level' }),
  })
  .refine(lawfulBasisGiven, {
    path: ['lawfulBasis'],
    message: 'referrals.error.lawful-basis',
    when: () => true,
  });

export const acceptForm = z.object({
  allocatedUserId: z.uuid({ error: 'referrals.error.allocated-user' }),
});
export const declineForm = z.object({
  declineReason: z.string().min(1, 'referrals.error.decline-reason').max(4000, 'referrals.error.reason-length'),
});
