import { z } from 'zod';
import { isValidNhsNumber, isValidPncId, normaliseNhsNumber, normalisePncId } from './matching/index.ts';
import { parseCsv } from './csv.ts';
import { ALIAS_KINDS, RELATIONSHIP_KINDS, ROLES_IN_INCIDENT, SEXES } from './tables.ts';

/** Kinds of incident or contact an agency can send, with how the chronology names them. */
export const CONTACT_TYPES = {
  'police-call-out': 'Police call-out',
  crime: 'Crime recorded',
  'a-and-e-attendance': 'A&E attendance',
  'gp-disclosure': 'GP disclosure',
  'midwife-disclosure': 'Midwife disclosure',
  'health-visitor-contact': 'Health visitor contact',
  'housing-report': 'Housing report',
  'school-concern': 'School concern',
  'probation-contact': 'Probation contact',
  'social-care-contact': 'Social care contact',
  'idva-contact': 'IDVA contact',
  other: 'Other contact',
} as const;
export type ContactType = keyof typeof CONTACT_TYPES;

const isoDate = z
  .string('Enter a date as YYYY-MM-DD')
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date as YYYY-MM-DD')
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }, 'Enter a real date');
const notFuture = (v: string) => v <= new Date().toISOString().slice(0, 10);
const name = z.string('Enter a name').trim().min(1, 'Enter a name').max(100, 'Names must be 100 characters or fewer');
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Must be ${max} characters or fewer`)
    .optional()
    .nullable()
    .transform((v) => (v ? v : null));
const sourceId = z
  .string('Enter the source system’s id')
  .trim()
  .min(1, 'Enter the source system’s id')
  .max(100, 'Source ids must be 100 characters or fewer');

/** UK postcode, stored without spaces in capitals. */
export const normalisePostcode = (v: string): string => v.replace(/\s+/g, '').toUpperCase();
const postcode = z
  .string()
  .trim()
  .optional()
  .nullable()
  .transform((v) => (v ? normalisePostcode(v) : null))
  .refine((v) => v === null || /^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$/.test(v), 'Enter a real postcode');

export const importPerson = z.object({
  sourceId,
  role: z.enum(ROLES_IN_INCIDENT, 'Role must be one of: victim, perpetrator, child, witness, other'),
  givenName: name,
  middleNames: optionalText(100),
  familyName: name,
  aliases: z
    .array(z.object({ givenName: name, familyName: name, kind: z.enum(ALIAS_KINDS).default('alias') }))
    .max(20)
    .default([]),
  dateOfBirth: isoDate.refine(
    (v) => v > '1900-01-01' && notFuture(v),
    'Date of birth must be after 1900 and not in the future',
  ),
  sex: z
    .enum(SEXES, 'Sex must be female, male, other or unknown')
    .optional()
    .nullable()
    .transform((v) => v ?? null),
  nhsNumber: z
    .string()
    .trim()
    .optional()
    .nullable()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || isValidNhsNumber(v), 'NHS number is not valid (check digit)')
    .transform((v) => normaliseNhsNumber(v)),
  pncId: z
    .string()
    .trim()
    .optional()
    .nullable()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || isValidPncId(v), 'PNC ID is not valid (check letter)')
    .transform((v) => normalisePncId(v)),
  addresses: z
    .array(
      z
        .object({
          line: optionalText(200),
          town: optionalText(80),
          postcode,
          from: isoDate
            .optional()
            .nullable()
            .transform((v) => v ?? null),
          to: isoDate
            .optional()
            .nullable()
            .transform((v) => v ?? null),
          // A confidential address (a refuge, a safe address) becomes a restricted detail: never shown outside the agency, never matched or searched.
          confidential: z.boolean().optional().default(false),
        })
        .refine((a) => !a.from || !a.to || a.to >= a.from, {
          message: 'An address cannot end before it starts',
          path: ['to'],
        }),
    )
    .max(20)
    .default([]),
});

export const importIncident = z
  .object({
    sourceId,
    type: z.enum(
      Object.keys(CONTACT_TYPES) as [ContactType, ...ContactType[]],
      `Type must be one of: ${Object.keys(CONTACT_TYPES).join(', ')}`,
    ),
    occurredOn: isoDate.refine(notFuture, 'The date cannot be in the future'),
    severity: z.enum(['low', 'medium', 'high', 'severe'], 'Severity must be low, medium, high or severe'),
    policeRecorded: z.boolean().optional(),
    summary: optionalText(300),
    people: z.array(importPerson).min(1, 'An incident needs at least one person').max(30),
    relationships: z
      .array(
        z.object({
          person: sourceId,
          related: sourceId,
          kind: z.enum(
            RELATIONSHIP_KINDS,
            'Relationship must be partner, ex-partner, parent, child or household-member',
          ),
        }),
      )
      .max(60)
      .default([]),
  })
  .superRefine((row, ctx) => {
    const ids = new Set<string>();
    const seen = new Set<string>();
    row.people.forEach((p, i) => {
      const key = `${p.sourceId}\u0000${p.role}`;
      if (seen.has(key))
        ctx.addIssue({
          code: 'custom',
          path: ['people', i, 'sourceId'],
          message: 'The same person is listed twice with the same role',
        });
      seen.add(key);
      ids.add(p.sourceId);
    });
    row.relationships.forEach((r, i) => {
      if (!ids.has(r.person))
        ctx.addIssue({
          code: 'custom',
          path: ['relationships', i, 'person'],
          message: `No person ${r.person} in this incident`,
        });
      if (!ids.has(r.related))
        ctx.addIssue({
          code: 'custom',
          path: ['relationships', i, 'related'],
          message: `No person ${r.related} in this incident`,
        });
      if (r.person === r.related)
        ctx.addIssue({
          code: 'custom',
          path: ['relationships', i, 'related'],
          message: 'A person cannot be related to themselves',
        });
    });
  });
export type ImportIncident = z.infer<typeof importIncident>;

export const MAX_ROWS = 5000;
export const importBatch = z.object({
  incidents: z
    .array(z.unknown())
    .min(1, 'Send at least one incident')
    .max(MAX_ROWS, `Send at most ${MAX_ROWS} incidents at a time`),
});

export interface RowProblem {
  path: string;
  message: string;
}
export type ParsedRow =
  { ref: string; ok: true; value: ImportIncident } | { ref: string; ok: false; problems: RowProblem[] };

export function parseIncident(ref: string, raw: unknown): ParsedRow {
  // Control characters (NUL above all, which PostgreSQL refuses in text) have no place in any field.
  if (/\\u00[01][0-9a-f]/i.test(JSON.stringify(raw) ?? ''))
    return { ref, ok: false, problems: [{ path: '', message: 'Contains control characters' }] };
  const parsed = importIncident.safeParse(raw);
  if (parsed.success) return { ref, ok: true, value: parsed.data };
  return {
    ref,
    ok: false,
    problems: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
  };
}

/**
 * The CSV layout: one line per person in an incident; the incident's columns are
 * repeated on each of its lines (the first line's values count). Relationship
 * columns say how this line's person relates to another person of the incident.
 */
export const CSV_COLUMNS = [
  'incident_id',
  'type',
  'occurred_on',
  'severity',
  'police_recorded',
  'summary',
  'person_id',
  'role',
  'given_name',
  'middle_names',
  'family_name',
  'other_names',
  'date_of_birth',
  'sex',
  'nhs_number',
  'pnc_id',
  'address',
  'town',
  'postcode',
  'address_from',
  'address_to',
  'address_confidential',
  'related_person_id',
  'relationship',
] as const;
const REQUIRED_COLUMNS = [
  'incident_id',
  'type',
  'occurred_on',
  'severity',
  'person_id',
  'role',
  'given_name',
  'family_name',
  'date_of_birth',
];

export type CsvParse =
  { ok: false; problem: string } | { ok: true; rows: { ref: string; raw: Record<string, unknown> }[] };

const yesNo = (v: string | undefined) =>
  v === undefined
    ? undefined
    : ['yes', 'true', 'y', '1'].includes(v.toLowerCase())
      ? true
      : ['no', 'false', 'n', '0'].includes(v.toLowerCase())
        ? false
        : v;

/** Groups CSV lines into incidents in the shape the JSON API takes; refs name the CSV lines. */
export function csvToIncidents(text: string): CsvParse {
  const records = parseCsv(text);
  if (records.length < 2) return { ok: false, problem: 'The CSV needs a header line and at least one row' };
  const header = records[0]!.fields.map((h) => h.trim().toLowerCase());
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length)
    return {
      ok: false,
      problem: `The header line lacks the column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`,
    };
  if (records.length - 1 > MAX_ROWS * 5) return { ok: false, problem: `Send at most ${MAX_ROWS * 5} lines at a time` };
  const groups = new Map<
    string,
    { lines: number[]; raw: Record<string, unknown> & { people: unknown[]; relationships: unknown[] } }
  >();
  for (const record of records.slice(1)) {
    const get = (c: string) => {
      const i = header.indexOf(c);
      const v = i < 0 ? '' : (record.fields[i] ?? '').trim();
      return v === '' ? undefined : v;
    };
    const id = get('incident_id') ?? `(line ${record.line})`;
    let group = groups.get(id);
    if (!group) {
      const police = get('police_recorded')?.toLowerCase();
      group = {
        lines: [],
        raw: {
          sourceId: get('incident_id'),
          type: get('type'),
          occurredOn: get('occurred_on'),
          severity: get('severity'),
          policeRecorded:
            police === undefined
              ? undefined
              : ['yes', 'true', 'y', '1'].includes(police)
                ? true
                : ['no', 'false', 'n', '0'].includes(police)
                  ? false
                  : police,
          summary: get('summary'),
          people: [],
          relationships: [],
        },
      };
      groups.set(id, group);
    }
    group.lines.push(record.line);
    const address =
      get('address') || get('town') || get('postcode')
        ? [
            {
              line: get('address'),
              town: get('town'),
              postcode: get('postcode'),
              from: get('address_from'),
              to: get('address_to'),
              confidential: yesNo(get('address_confidential')),
            },
          ]
        : [];
    const aliases = (get('other_names') ?? '')
      .split(';')
      .map((n) => n.trim())
      .filter(Boolean)
      .map((n) => {
        const parts = n.split(/\s+/);
        return { givenName: parts.slice(0, -1).join(' ') || parts[0], familyName: parts.at(-1) };
      });
    group.raw.people.push({
      sourceId: get('person_id'),
      role: get('role'),
      givenName: get('given_name'),
      middleNames: get('middle_names'),
      familyName: get('family_name'),
      aliases,
      dateOfBirth: get('date_of_birth'),
      sex: get('sex'),
      nhsNumber: get('nhs_number'),
      pncId: get('pnc_id'),
      addresses: address,
    });
    const related = get('related_person_id');
    if (related || get('relationship'))
      group.raw.relationships.push({ person: get('person_id'), related, kind: get('relationship') });
  }
  return {
    ok: true,
    rows: [...groups.values()].map((g) => ({
      ref: g.lines.length === 1 ? `line ${g.lines[0]}` : `lines ${g.lines.join(', ')}`,
      raw: g.raw,
    })),
  };
}
