import { z } from 'zod';
import { answerSchema, riskLevels } from './scoring.ts';
import { childRatings } from './instrument.ts';

// One schema for the API's validation, its TypeScript type and its OpenAPI document.
const pastDate = z.iso
  .date()
  .refine((d) => d >= '1900-01-01' && d <= new Date().toISOString().slice(0, 10), 'must be a past date after 1900');

export const assessmentRequest = z.strictObject({
  instrument: z
    .string()
    .min(1)
    .meta({ description: 'Instrument id and version, e.g. "multi-agency-checklist@1" or "police-checklist@1".' }),
  victim: z.strictObject({
    givenName: z.string().min(1).max(100),
    familyName: z.string().min(1).max(100),
    dateOfBirth: pastDate,
  }),
  perpetrator: z
    .strictObject({
      givenName: z.string().trim().min(1).max(100),
      familyName: z.string().trim().min(1).max(100),
      dateOfBirth: pastDate.optional(),
    })
    .optional()
    .meta({ description: 'The person causing harm, where known.' }),
  children: z
    .array(
      z.strictObject({
        givenName: z.string().trim().min(1).max(100),
        dateOfBirth: pastDate,
        riskMatrix: z
          .strictObject({
            ratings: z.record(z.string(), z.enum(childRatings)).meta({
              description:
                'A rating for every dimension of the children\'s risk matrix, by dimension id (e.g. "harm", "impact", "protective-factors").',
            }),
            professionalJudgement: z
              .strictObject({ rating: z.enum(childRatings), reason: z.string().trim().min(1).max(4000) })
              .optional(),
          })
          .optional()
          .meta({
            description: "The children's risk matrix for this child; the overall rating is calculated and returned.",
          }),
      }),
    )
    .max(30)
    .optional()
    .meta({ description: 'Each child in the household; childrenInHousehold must be at least this many.' }),
  answers: z.array(answerSchema).min(1).meta({ description: 'One answer for every question of the instrument.' }),
  victimView: z.string().max(4000).optional(),
  professionalJudgement: z
    .strictObject({ level: z.enum(riskLevels), reason: z.string().trim().min(1).max(4000) })
    .optional(),
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
  perpetratorId: z.uuid().nullable(),
  children: z
    .array(
      z.object({
        id: z.uuid(),
        overallRating: z
          .enum(childRatings)
          .nullable()
          .meta({ description: "From the children's risk matrix; null when no matrix was sent for the child." }),
        reasons: z.array(z.string()),
      }),
    )
    .meta({ description: 'In the order sent.' }),
});

z.globalRegistry.add(assessmentRequest, { id: 'AssessmentRequest' });
z.globalRegistry.add(assessmentResponse, { id: 'AssessmentResponse' });
