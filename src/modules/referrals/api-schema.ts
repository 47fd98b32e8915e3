import { z } from 'zod';
import { REFERRAL_SERVICES } from './tables.ts';

// The referral API's request and response: one schema for validation, types and the OpenAPI document.
export const referralRequest = z.strictObject({
  assessmentId: z.uuid().meta({ description: 'A completed risk checklist your agency recorded (the referral is about its victim and carries its risk level).' }),
  stepId: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/).max(80).optional().meta({ description: 'The next step this referral carries out, e.g. "refer-to-idva".' }),
  toAgencyId: z.uuid().meta({ description: 'The receiving agency, another active agency of your partnership.' }),
  service: z.enum(REFERRAL_SERVICES),
  reason: z.string().trim().min(1).max(4000).meta({ description: 'Why the referral is made. No safe address, phone number or refuge location.' }),
  consentStatus: z.enum(['given', 'refused', 'not-asked']),
  lawfulBasis: z.string().trim().min(1).max(2000).optional().meta({ description: 'Required unless consent was given.' }),
  sharedLevel: z.enum(['shared-summary', 'full']).meta({ description: 'What the receiving agency may see of your record.' }),
}).refine((v) => v.consentStatus === 'given' || Boolean(v.lawfulBasis), { path: ['lawfulBasis'], message: 'required when consent was not given' });

export const referralResponse = z.object({
  id: z.uuid(),
  status: z.literal('awaiting'),
  dueAt: z.string().meta({ description: 'When the receiving agency must have accepted or declined it, by the partnership\'s response time for the risk level.' }),
});

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ content: { 'application/json': { schema: ref(name) } } });

/** The referral operations, merged into the service's one OpenAPI document. */
export function referralOpenApi() {
  return {
    schemas: { ReferralRequest: z.toJSONSchema(referralRequest, { io: 'input' }), ReferralResponse: z.toJSONSchema(referralResponse) },
    paths: {
      '/api/v1/referrals': {
        post: {
          summary: 'Refer a victim from one of your agency\'s completed checklists to another service of the partnership; it arrives in that agency\'s queue',
          requestBody: { required: true, ...json('ReferralRequest') },
          responses: {
            201: { description: 'Referred', ...json('ReferralResponse') },
            400: { description: 'Invalid request; every problem is listed with its path; nothing is saved', ...json('Error') },
            401: { description: 'Missing or invalid credential', ...json('Error') },
          },
        },
      },
    },
  };
}
