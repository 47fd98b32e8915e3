import { z } from 'zod';
import { answerSchema, riskLevels } from './scoring.ts';

// One schema for the API's validation, its TypeScript type and its OpenAPI document.
export const assessmentRequest = z.strictObject({
  instrument: z.string().min(1).meta({ description: 'Instrument id and version, e.g. "multi-agency-checklist@1" or "police-checklist@1".' }),
  victim: z.strictObject({
    givenName: z.string().min(1).max(100),
    familyName: z.string().min(1).max(100),
    dateOfBirth: z.iso.date().refine((d) => d >= '1900-01-01' && d <= new Date().toISOString().slice(0, 10), 'must be a past date after 1900'),
  }),
  answers: z.array(answerSchema).min(1).meta({ description: 'One answer for every question of the instrument.' }),
  victimView: z.string().max(4000).optional(),
  professionalJudgement: z.strictObject({ level: z.enum(riskLevels), reason: z.string().trim().min(1).max(4000) }).optional(),
  consentToShare: z.enum(['given', 'refused', 'not-asked']),
  childrenInHousehold: z.int().min(0).max(30),
  referToMarac: z.boolean().default(false),
  referralReason: z.string().max(4000).optional(),
});
export type AssessmentRequest = z.infer<typeof assessmentRequest>;

export const assessmentResponse = z.object({
  id: z.uuid(),
  instrument: z.string(),
  score: z.int(),
  level: z.enum(riskLevels),
  reasons: z.array(z.string()),
  criteriaMet: z.array(z.object({ criterion: z.string(), evidence: z.string() })),
  nextSteps: z.array(z.object({ id: z.string(), label: z.string() })),
  referralId: z.uuid().nullable(),
});

export const apiError = z.object({
  error: z.string(),
  message: z.string(),
  problems: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
