import { z } from 'zod';
import { REFERRAL_SERVICES } from './tables.ts';

// The referral API's request and response: one schema for validation, types and the OpenAPI document.
export const referralRequest = z
  .strictObject({
    assessmentId: z.uuid().meta({
      description:
        'A completed risk checklist your agency recorded (the referral is about its victim and carries its risk level).',
    }),
    stepId: z
      .string()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
      .max(80)
      .optional()
      .meta({ description: 'The next step this referral carries out, e.g. "refer-to-idva".' }),
    toAgencyId: z.uuid().meta({ description: 'The receiving agency, another active agency of your partnership.' }),
    service: z.enum(REFERRAL_SERVICES),
    reason: z
      .string()
      .trim()
      .min(1)
      .max(4000)
      .meta({ description: 'Why the referral is made. No safe address, phone number or refuge location.' }),
    consentStatus: z.enum(['given', 'refused', 'not-asked']),
    lawfulBasis: z
      .string()
      .trim()
      .min(1)
      .max(2000)
      .optional()
      .meta({ description: 'Required unless consent was given.' }),
    sharedLevel: z
      .enum(['shared-summary', 'full'])
      .meta({ description: 'What the receiving agency may see of your record.' }),
  })
  .refine((v) => v.consentStatus === 'given' || Boolean(v.lawfulBasis), {
    path: ['lawfulBasis'],
    message: 'required when consent was not given',
  });

export const referralResponse = z.object({
  id: z.uuid(),
  status: z.literal('awaiting'),
  dueAt: z.string().meta({
    description:
      "When the receiving agency must have accepted or declined it, by the partnership's response time for the risk level.",
  }),
});

z.globalRegistry.add(referralRequest, { id: 'ReferralRequest' });
z.globalRegistry.add(referralResponse, { id: 'ReferralResponse' });
