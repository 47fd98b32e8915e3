import path from 'node:path';
import { createRequire } from 'node:module';
import nunjucks from 'nunjucks';
import { currentLanguage, label, LANGUAGES, tag, type MessageValues } from '../language/index.ts';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

export const GOVUK_DIR = path.join(packageDir('govuk-frontend'), 'dist');
export const MOJ_DIR = packageDir('@ministryofjustice/frontend');
const SRC_DIR = path.resolve(import.meta.dirname, '..', '..');

/** One Nunjucks environment: our layouts and module views, plus the GOV.UK and MOJ component macros. */
export function createViewEnvironment(): nunjucks.Environment {
  const env = nunjucks.configure(
    [path.join(SRC_DIR, 'platform', 'views'), path.join(SRC_DIR, 'modules'), GOVUK_DIR, MOJ_DIR],
    { autoescape: true, throwOnUndefined: false, noCache: process.env.NODE_ENV !== 'development' ? false : true },
  );
  env.addFilter('date', (value: Date | string | null | undefined) => formatDate(value));
  env.addFilter('dateTime', (value: Date | string | null | undefined) => formatDateTime(value));
  env.addFilter('datesInText', (value: unknown) => datesInText(String(value ?? '')));
  // Every word a template shows comes from the message catalogue, in the page's language:
  // {{ "<module>.<key>" | t }}, with values {{ "<module>.<key>" | t({ count: items.length }) }}; a status as a tag: | tag.
  env.addFilter('t', (key: unknown, values?: MessageValues) => label(String(key ?? ''), values ?? {}));
  env.addFilter('tag', (key: unknown) => tag(String(key ?? '')));
  return env;
}

// Dates the GOV.UK way in the page's language ("1 November 2026", "1 Tachwedd 2026"), in UK time.
const formats = Object.fromEntries(
  Object.entries(LANGUAGES).map(([code, { intl }]) => [
    code,
    {
      date: new Intl.DateTimeFormat(intl, {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: 'Europe/London',
      }),
      dateTime: new Intl.DateTimeFormat(intl, {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        timeZone: 'Europe/London',
      }),
    },
  ]),
) as Record<keyof typeof LANGUAGES, { date: Intl.DateTimeFormat; dateTime: Intl.DateTimeFormat }>;

export function formatDate(value: Date | string | null | undefined): string {
  if (!value) return '';
  return formats[currentLanguage()].date.format(typeof value === 'string' ? new Date(value) : value);
}

export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return '';
  return formats[currentLanguage()].dateTime.format(typeof value === 'string' ? new Date(value) : value);
}

/** Text built with ISO dates in it (a warning's message) with each date written the GOV.UK way: 2026-03-07 becomes 7 March 2026. */
export function datesInText(text: string): string {
  return text.replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, (iso) => {
    const date = new Date(`${iso}T12:00:00Z`);
    return Number.isNaN(date.getTime()) ? iso : formatDate(date);
  });
}
