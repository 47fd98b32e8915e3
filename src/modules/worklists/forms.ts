import { z } from 'zod';
import { CONCERN_DECISIONS, CONCERN_LEAD_RULES } from './tables.ts';

export const closeForm = z.object({
  outcome: z
    .string()
    .min(1, 'Record the outcome: what was done, or why nothing needs doing')
    .max(2000, 'The outcome must be 2000 characters or fewer'),
  decision: z.enum(CONCERN_DECISIONS, { message: 'Select the decision' }).optional(),
});

const hours = (label: string) =>
  z.coerce
    .number({ message: `Enter ${label} as a whole number of hours` })
    .int(`Enter ${label} as a whole number of hours`)
    .min(1, `${label} must be at least 1 hour`)
    .max(2160, `${label} must be 2160 hours (90 days) or fewer`);
const days = (label: string) =>
  z.coerce
    .number({ message: `Enter ${label} as a whole number of days` })
    .int(`Enter ${label} as a whole number of days`)
    .min(1, `${label} must be at least 1 day`)
    .max(90, `${label} must be 90 days or fewer`);

export const settingsForm = z
  .object({
    policeChecklistHours: hours('The time for a police checklist'),
    otherChecklistHours: hours('The time for other agencies’ checklists'),
    criterionReferralHours: hours('The time for a MARAC referral'),
    concernChecklistDays: days('The time for a checklist'),
    concernDecisionDays: days('The time for a decision'),
    concernLeadRule: z.enum(CONCERN_LEAD_RULES, { message: 'Select how the lead agency is chosen' }),
    concernLeadAgencyId: z.union([z.uuid(), z.literal('')]).optional(),
    version: z.union([z.coerce.number().int().min(1), z.literal('')]).optional(),
  })
  .refine((v) => v.concernLeadRule !== 'named-agency' || !!v.concernLeadAgencyId, {
    message: 'Select the agency that leads on cumulative concern',
    path: ['concernLeadAgencyId'],
  })
  .refine((v) => v.concernDecisionDays >= v.concernChecklistDays, {
    message: 'The time for a decision must be at least the time for a checklist',
    path: ['concernDecisionDays'],
  });
