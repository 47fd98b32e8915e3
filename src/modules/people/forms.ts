import { z } from 'zod';

// The people pages' forms: what each field must be, in practitioners' words.

// Control characters (NUL above all, which PostgreSQL refuses in text) never belong in a search.
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const printable = (v: string) => !/[\u0000-\u001f\u007f]/.test(v);

/** The GOV.UK date input's three fields, and the others, as the search form checks them. */
export const searchFields = (fields: Record<string, unknown>) => {
  const text = (key: string) => (typeof fields[key] === 'string' ? (fields[key] as string) : '');
  return {
    name: text('name'),
    day: text('dateOfBirth-day'),
    month: text('dateOfBirth-month'),
    year: text('dateOfBirth-year'),
    postcode: text('postcode'),
    identifier: text('identifier'),
  };
};

export const searchForm = z
  .object({
    name: z
      .string()
      .max(200, 'people.search.problem.name-long')
      .refine(printable, 'people.search.problem.name-characters')
      .transform((v) => v || null),
    day: z.string(),
    month: z.string(),
    year: z.string(),
    postcode: z
      .string()
      .max(10, 'people.search.problem.postcode')
      .refine(printable, 'people.search.problem.postcode')
      .transform((v) => v || null),
    identifier: z
      .string()
      .max(20, 'people.search.problem.identifier')
      .refine(printable, 'people.search.problem.identifier')
      .transform((v) => v || null),
  })
  .transform((v, ctx) => {
    let dateOfBirth: string | null = null;
    if (v.day || v.month || v.year) {
      const iso = `${v.year.padStart(4, '0')}-${v.month.padStart(2, '0')}-${v.day.padStart(2, '0')}`;
      const d = new Date(`${iso}T00:00:00Z`);
      if (
        !/^\d{4}-\d{2}-\d{2}$/.test(iso) ||
        Number.isNaN(d.getTime()) ||
        d.toISOString().slice(0, 10) !== iso ||
        iso < '1900-01-01'
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['dateOfBirth'],
          message: 'people.search.problem.date',
        });
        return z.NEVER;
      }
      dateOfBirth = iso;
    }
    if (!v.name && !dateOfBirth && !v.postcode && !v.identifier) {
      ctx.addIssue({ code: 'custom', path: ['name'], message: 'people.search.problem.nothing' });
      return z.NEVER;
    }
    if (v.name && v.name.length < 2) {
      ctx.addIssue({ code: 'custom', path: ['name'], message: 'people.search.problem.name-short' });
      return z.NEVER;
    }
    return { name: v.name, dateOfBirth, postcode: v.postcode, identifier: v.identifier };
  });

export const linkDecisions = ['confirm', 'reject', 'unlink'] as const;
export const decisionForm = z.object({
  decision: z.enum(linkDecisions, { error: 'people.match.problem.decision' }),
});

export const signalsForm = z.object({
  shares: z.enum(['yes', 'no'], { error: 'people.signals.problem.shares' }),
});
