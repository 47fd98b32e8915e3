import i18next from 'i18next';
import { loadCatalogues } from './catalogues.ts';
import { LANGUAGES, SOURCE_LANGUAGE, type Language } from './languages.ts';
import { currentLanguage } from './scope.ts';
import { TAG_COLOURS } from './tag-colours.ts';

// Every piece of text a person reads goes through `label` (in templates, the `t` filter): one catalogue per
// language, the same keys in each (a test checks), plural forms by each language's own rules (Welsh has six).

const catalogues = loadCatalogues();
const messages = i18next.createInstance();
void messages.init({
  initAsync: false,
  resources: Object.fromEntries(Object.entries(catalogues).map(([l, c]) => [l, { translation: c }])),
  lng: SOURCE_LANGUAGE,
  supportedLngs: Object.keys(LANGUAGES),
  fallbackLng: SOURCE_LANGUAGE,
  keySeparator: false,
  nsSeparator: false,
  returnNull: false,
  // Our placeholders are {name}; escaping is the template engine's job, not the catalogue's.
  interpolation: { prefix: '{', suffix: '}', escapeValue: false },
});

export type MessageValues = Record<string, string | number | null | undefined>;

/**
 * The words for a key in the page's language, with {placeholders} filled. A `count` value chooses the plural
 * form (`key_one`, `key_two`, `key_few`, `key_many`, `key_other`, `key_zero`). An unknown key is shown as itself,
 * so a gap is visible rather than silent.
 */
export function label(key: string, values: MessageValues = {}, language: Language = currentLanguage()): string {
  return messages.t(key, { ...values, lng: language }) as string;
}

/** A status as the GOV.UK tag macro takes it: its words and its colour. */
export const tag = (key: string) => ({ text: label(key), classes: TAG_COLOURS[key] ?? 'govuk-tag--grey' });

export { currentLanguage, withLanguage } from './scope.ts';
export { LANGUAGES, SOURCE_LANGUAGE, isLanguage, type Language } from './languages.ts';
