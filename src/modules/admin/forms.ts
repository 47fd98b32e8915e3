import { z } from 'zod';
import { AGENCY_KINDS, ROLES } from '../../db/schema.ts';

const name = (what: string) =>
  z.string().min(2, `Enter the ${what}`).max(120, `The ${what} must be 120 characters or fewer`);
const yesNo = z.enum(['yes', 'no'], { error: 'Select whether it is active' });

export const agencyForm = z.object({
  name: name('agency name'),
  kind: z.enum(AGENCY_KINDS, { error: 'Select the type of agency' }),
});

export const agencyEditForm = agencyForm.extend({ active: yesNo });

export const userForm = z.object({
  displayName: name('full name'),
  email: z
    .string()
    .min(1, 'Enter an email address')
    .max(254, 'Email address must be 254 characters or fewer')
    .email('Enter an email address in the correct format, like name@example.org')
    .transform((v) => v.toLowerCase()),
  agencyId: z.uuid({ error: 'Select an agency' }),
  role: z.enum(ROLES, { error: 'Select a role' }),
});

export const userEditForm = userForm.omit({ email: true }).extend({ active: yesNo });

export const apiCredentialForm = z.object({
  label: z
    .string()
    .min(2, 'Enter a name for the system, like "Police records system"')
    .max(80, 'The name must be 80 characters or fewer'),
  agencyId: z.uuid({ error: 'Select an agency' }),
  expiresInDays: z.enum(['30', '90', '365'], { error: 'Select when the credential expires' }).default('365'),
});
