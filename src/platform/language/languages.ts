// The languages the service is offered in. English is the source every other catalogue translates;
// Welsh is offered everywhere because a partnership in Wales must offer its service in Welsh.

export const LANGUAGES = {
  en: { name: 'English', intl: 'en-GB' },
  cy: { name: 'Cymraeg', intl: 'cy-GB' },
} as const;

export type Language = keyof typeof LANGUAGES;

export const SOURCE_LANGUAGE: Language = 'en';

export const isLanguage = (code: unknown): code is Language =>
  typeof code === 'string' && Object.prototype.hasOwnProperty.call(LANGUAGES, code);
