import { z } from 'zod';
import { CONTACT_TYPES, type ContactType } from '../people/service.ts';

// The form for one incident or contact recorded on a page, checked the same way however it arrives.

export const ROLES = ['victim', 'perpetrator', 'child', 'witness', 'other'] as const;
export const SEVERITIES = ['low', 'medium', 'high', 'severe'] as const;
/** The field a connected person's role arrives in: one per person the page offers. */
export const OTHER_PREFIX = 'role-';

const text = (fields: Record<string, unknown>, key: string) => (typeof fields[key] === 'string' ? fields[key] : '');

/** The date input's three boxes become one date; each connected person's role becomes one entry. */
export const recordFields = (fields: Record<string, unknown>) => {
  const [day, month, year] = [
    text(fields, 'occurredOn-day'),
    text(fields, 'occurredOn-month'),
    text(fields, 'occurredOn-year'),
  ];
  return {
    kind: text(fields, 'kind'),
    occurredOn:
      day || month || year ? `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}` : '',
    severity: text(fields, 'severity'),
    role: text(fields, 'role'),
    childrenPresent: text(fields, 'childrenPresent'),
    narrative: text(fields, 'narrative'),
    others: Object.keys(fields)
      .filter((k) => k.startsWith(OTHER_PREFIX) && text(fields, k))
      .map((k) => ({ personId: k.slice(OTHER_PREFIX.length), role: text(fields, k) })),
  };
};

const realDate = (v: string) => {
  const d = new Date(`${v}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
};

export const recordForm = z
  .object({
    kind: z.enum(Object.keys(CONTACT_TYPES) as [ContactType, ...ContactType[]], {
      error: 'Select what kind of incident or contact it was',
    }),
    occurredOn: z
      .string()
      .min(1, 'Enter the date it happened')
      .refine(realDate, 'The date must be a real date')
      .refine((v) => v >= '1990-01-01', 'The date must be after 1990')
      .refine((v) => v <= new Date().toISOString().slice(0, 10), 'The date cannot be in the future'),
    severity: z
      .union([z.enum(SEVERITIES), z.literal('')], { error: 'Select how severe the incident was' })
      .transform((v) => v || null),
    role: z.enum(ROLES, { error: 'Select this person’s role' }),
    childrenPresent: z.enum(['yes', 'no'], { error: 'Select whether children were present' }),
    narrative: z
      .string()
      .max(300, 'What happened must be 300 characters or fewer')
      .transform((v) => v || null),
    others: z
      .array(z.object({ personId: z.uuid(), role: z.enum(ROLES, { error: 'Select a role from the list' }) }))
      .max(30),
  })
  .superRefine((v, ctx) => {
    const child = v.role === 'child' || v.others.some((o) => o.role === 'child');
    if (v.childrenPresent === 'yes' && !child)
      ctx.addIssue({
        code: 'custom',
        path: ['childrenPresent'],
        message: 'Choose the child who was present from the people below, or answer no',
      });
    if (v.childrenPresent === 'no' && child)
      ctx.addIssue({
        code: 'custom',
        path: ['childrenPresent'],
        message: 'You chose a child who was present: answer yes, or change their role',
      });
  });

export type RecordForm = z.infer<typeof recordForm>;
