import { AsyncLocalStorage } from 'node:async_hooks';
import { SOURCE_LANGUAGE, type Language } from './languages.ts';

// The language of the page being built, for everything the request calls (presenters, filters, macros,
// e-mails), without threading it through every function. Outside a request it is the source language.
const languageScope = new AsyncLocalStorage<Language>();

export function withLanguage<T>(language: Language, work: () => T): T {
  return languageScope.run(language, work);
}

export const currentLanguage = (): Language => languageScope.getStore() ?? SOURCE_LANGUAGE;
