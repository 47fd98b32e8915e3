import { en, TAG_COLOURS, type LabelKey } from './en.ts';

// One label catalogue for every page: presenters and the `label` and `tag` Nunjucks filters read it,
// so wording lives in one place per language and templates carry none of it.

const CATALOGUES: Record<string, Record<LabelKey, string>> = { en };
let language = 'en';

/** Chooses the catalogue (a second language adds its file to CATALOGUES with the same keys). */
export function useLanguage(code: string): void {
  if (!CATALOGUES[code]) throw new Error(`No label catalogue for language ${code}`);
  language = code;
}

/** The words for a key, with {placeholders} filled; an unknown key is shown as itself so a gap is visible. */
export function label(key: string, values: Record<string, string> = {}): string {
  const text = (CATALOGUES[language] as Record<string, string>)[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** A status as the GOV.UK tag macro takes it: its words and its colour. */
export const tag = (key: string) => ({ text: label(key), classes: TAG_COLOURS[key] ?? 'govuk-tag--grey' });

export type { LabelKey };
