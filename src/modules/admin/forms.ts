import { z } from 'zod';
import { AGENCY_KINDS, ROLES } from '../../db/schema.ts';

// Messages are catalogue keys (messages/en.json, cy.json), put into the page's language by the form wiring.

const name = (what: 'agency-name' | 'full-name') =>
  z.string().min(2, `admin.form.${what}`).max(120, `admin.form.${what}-long`);
const yesNo = z.enum(['yes', 'no'], { error: 'admin.form.active' });

export const agencyForm = z.object({
  name: name('agency-name'),
  kind: z.enum(AGENCY_KINDS, { error: 'admin.form.kind' }),
});

export const agencyEditForm = agencyForm.extend({ active: yesNo });

export const userForm = z.object({
  displayName: name('full-name'),
  email: z
    .string()
    .min(1, 'admin.form.email')
    .max(254, 'admin.form.email-long')
    .email('admin.form.email-format')
    .transform((v) => v.toLowerCase()),
  agencyId: z.uuid({ error: 'admin.form.agency' }),
  role: z.enum(ROLES, { error: 'admin.form.role' }),
});

export const userEditForm = userForm.omit({ email: true }).extend({ active: yesNo });

export const apiCredentialForm = z.object({
  label: z.string().min(2, 'admin.form.credential-label').max(80, 'admin.form.credential-label-long'),
  agencyId: z.uuid({ error: 'admin.form.agency' }),
  expiresInDays: z.enum(['30', '90', '365'], { error: 'admin.form.expires' }).default('365'),
});
