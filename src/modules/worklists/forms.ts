import { z } from 'zod';
import { CONCERN_DECISIONS, CONCERN_LEAD_RULES } from './tables.ts';

export const closeForm = z.object({
  outcome: z.string().min(1, 'worklists.form.enter-outcome').max(2000, 'worklists.form.outcome-too-long'),
  decision: z.enum(CONCERN_DECISIONS, { message: 'worklists.form.select-decision' }).optional(),
});

// Messages are catalogue keys (worklists.form.<field>.*), put into the page's language by the form wiring.
const hours = (field: string) =>
  z.coerce
    .number({ message: `worklists.form.${field}.whole` })
    .int(`worklists.form.${field}.whole`)
    .min(1, `worklists.form.${field}.min`)
    .max(2160, `worklists.form.${field}.max`);
const days = (field: string) =>
  z.coerce
    .number({ message: `worklists.form.${field}.whole` })
    .int(`worklists.form.${field}.whole`)
    .min(1, `worklists.form.${field}.min`)
    .max(90, `worklists.form.${field}.max`);

export const settingsForm = z
  .object({
    policeChecklistHours: hours('police-checklist-hours'),
    otherChecklistHours: hours('other-checklist-hours'),
    criterionReferralHours: hours('criterion-referral-hours'),
    concernChecklistDays: days('concern-checklist-days'),
    concernDecisionDays: days('concern-decision-days'),
    concernLeadRule: z.enum(CONCERN_LEAD_RULES, { message: 'worklists.form.select-lead-rule' }),
    concernLeadAgencyId: z.union([z.uuid(), z.literal('')]).optional(),
    version: z.union([z.coerce.number().int().min(1), z.literal('')]).optional(),
  })
  .refine((v) => v.concernLeadRule !== 'named-agency' || !!v.concernLeadAgencyId, {
    message: 'worklists.form.select-lead-agency',
    path: ['concernLeadAgencyId'],
  })
  .refine((v) => v.concernDecisionDays >= v.concernChecklistDays, {
    message: 'worklists.form.decision-after-checklist',
    path: ['concernDecisionDays'],
  });
