import { z } from 'zod';

export const schoolForm = z.object({
  name: z.string().min(2, 'Enter the school name').max(120, 'The school name must be 120 characters or fewer'),
  urn: z.string().regex(/^[0-9]{6}$/, 'Enter the school’s unique reference number (URN): 6 digits, like 123456'),
});

export const contactForm = z.object({
  email: z
    .string()
    .min(1, 'Enter the email address of the safeguarding contact')
    .max(254, 'Email address must be 254 characters or fewer')
    .email('Enter an email address in the correct format, like name@example.org')
    .transform((v) => v.toLowerCase()),
});

export const childSchoolForm = z.object({
  schoolId: z.uuid({ error: 'Select the school the child attends' }),
});

export const byId = z.object({ id: z.uuid() });
export const removeContactForm = z.object({ userId: z.uuid() });
