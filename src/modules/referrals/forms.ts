import { z } from 'zod';
import { REFERRAL_SERVICES } from './tables.ts';

// One schema per form, shared by the pages and the API, so both refuse the same things.

const lawfulBasisGiven = (v: { consentStatus?: unknown; lawfulBasis?: unknown }) =>
  v.consentStatus === 'given' || Boolean(v.lawfulBasis);

export const referralForm = z
  .object({
    assessmentId: z.uuid({ error: 'Refer from a completed checklist your agency recorded' }),
    stepId: z
      .string()
      .max(80, 'Unknown next step')
      .regex(/^[a-z0-9-]*$/, 'Unknown next step')
      .default('')
      .transform((v) => v || null),
    toAgencyId: z.uuid({ error: 'Select the agency that will receive the referral' }),
    service: z.enum(REFERRAL_SERVICES, { error: 'Select the service you are referring to' }),
    reason: z
      .string()
      .min(1, 'Give the reason for the referral')
      .max(4000, 'The reason must be 4000 characters or fewer'),
    consentStatus: z.enum(['given', 'refused', 'not-asked'], {
      error: 'Select whether the victim consented to the referral',
    }),
    lawfulBasis: z
      .string()
      .max(2000, 'The lawful basis must be 2000 characters or fewer')
      .default('')
      .transform((v) => v || null),
    sharedLevel: z.enum(['shared-summary', 'full'], { error: 'Select what the receiving agency may see' }),
  })
  .refine(lawfulBasisGiven, {
    path: ['lawfulBasis'],
    message: 'Without consent, record the lawful basis for sharing',
    when: () => true,
  });

export const acceptForm = z.object({
  allocatedUserId: z.uuid({ error: 'Select the worker who will pick this referral up' }),
});
export const declineForm = z.object({
  declineReason: z
    .string()
    .min(1, 'Give the reason for declining; the referring agency will see it')
    .max(4000, 'The reason must be 4000 characters or fewer'),
});
