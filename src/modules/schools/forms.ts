import { z } from 'zod';

export const schoolForm = z.object({
  name: z.string().min(2, 'schools.form.enter-name').max(120, 'schools.form.name-too-long'),
  urn: z.string().regex(/^[0-9]{6}$/, 'schools.form.enter-urn'),
});

export const contactForm = z.object({
  email: z
    .string()
    .min(1, 'schools.form.enter-email')
    .max(254, 'schools.form.email-too-long')
    .email('schools.form.email-format')
    .transform((v) => v.toLowerCase()),
});

export const childSchoolForm = z.object({
  schoolId: z.uuid({ error: 'schools.form.select-school' }),
});

export const byId = z.object({ id: z.uuid() });
export const removeContactForm = z.object({ userId: z.uuid() });
