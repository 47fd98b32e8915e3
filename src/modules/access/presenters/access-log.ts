import type * as service from '../service.ts';
import { DEFAULT_READING_THRESHOLDS } from '../unusual-reading.ts';
import { label } from '../../../platform/language/index.ts';

// The access log -> the page, the subject access report's rows, and the unusual reading alerts.

type Events = NonNullable<Awaited<ReturnType<typeof service.accessLog>>>;

// What was done, its outcome and the role are stored as codes; the page words each in its own language, and an
// unknown code (one written before its words were added) shows as itself.
const wordsOr = (key: string, code: string) => {
  const words = label(key);
  return words === key ? code : words;
};
export const outcomeWords = (code: string) => wordsOr(`access.log.outcome.${code}`, code);
export const actionWords = (code: string) => wordsOr(`access.log.action.${code}`, code);
const roleWords = (code: string | null) => (code ? wordsOr(`role.${code}`, code) : '');

export const accessLog = (personId: string, events: Events) => ({
  title: label('access.log.title'),
  events: events.map((e) => ({
    ...e,
    action: actionWords(e.action),
    role: roleWords(e.role),
    outcome: outcomeWords(e.outcome),
  })),
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
