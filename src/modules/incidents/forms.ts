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
      error: 'incidents.record.error.kind',
    }),
    occurredOn: z
      .string()
      .min(1, 'incidents.record.error.date')
      .refine(realDate, 'incidents.record.error.real-date')
      .refine((v) => v >= '1990-01-01', 'incidents.record.error.old-date')
      .refine((v) => v <= new Date().toISOString().slice(0, 10), 'incidents.record.error.future'),
    severity: z
      .union([z.enum(SEVERITIES), z.literal('')], { error: 'incidents.record.error.severity' })
      .transform((v) => v || null),
    role: z.enum(ROLES, { error: 'incidents.record.error.role' }),
    childrenPresent: z.enum(['yes', 'no'], { error: 'incidents.record.error.children' }),
    narrative: z
      .string()
      .max(300, 'incidents.record.error.narrative')
      .transform((v) => v || null),
    others: z
      .array(z.object({ personId: z.uuid(), role: z.enum(ROLES, { error: 'incidents.record.error.other-role' }) }))
      .max(30),
  })
  .superRefine((v, ctx) => {
    const child = v.role === 'child' || v.others.some((o) => o.role === 'child');
    if (v.childrenPresent === 'yes' && !child)
      ctx.addIssue({
        code: 'custom',
        path: ['childrenPresent'],
        message: 'incidents.record.error.no-child',
      });
    if (v.childrenPresent === 'no' && child)
      ctx.addIssue({
        code: 'custom',
        path: ['childrenPresent'],
        message: 'incidents.record.error.child',
      });
  });

export type RecordForm = z.infer<typeof recordForm>;
