import type * as service from '../service.ts';
import { DEFAULT_READING_THRESHOLDS } from '../unusual-reading.ts';
import { label } from '../../../platform/language/index.ts';

// The access log -> the page, the subject access report's rows, and the unusual reading alerts.

type Events = NonNullable<Awaited<ReturnType<typeof service.accessLog>>>;

// An outcome is stored as a code; the page words it in its own language, and an unknown code shows as itself.
export const outcomeWords = (code: string) => {
  const key = `access.log.outcome.${code}`;
  const words = label(key);
  return words === key ? code : words;
};

export const accessLog = (personId: string, events: Events) => ({
  title: label('access.log.title'),
  events: events.map((e) => ({ ...e, outcome: outcomeWords(e.outcome) })),
  personId,
});

export const accessReport = (events: Events) => [
  ['when (UTC)', 'who', 'role', 'what', 'outcome'],
  ...events.map((e) => [e.occurred_at.toISOString(), e.userName, e.role ?? '', e.action, e.outcome]),
];

export const alerts = (found: Awaited<ReturnType<typeof service.readingAlerts>>) => ({
  title: label('access.alerts.title'),
  alerts: found,
  thresholds: DEFAULT_READING_THRESHOLDS,
});
