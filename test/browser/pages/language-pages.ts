import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { catalogueFiles } from '../../../src/platform/language/catalogues.ts';
import { expectAccessible } from '../../support/browser.ts';

/** The header's language links: choosing Welsh on a page, and checking a page speaks only Welsh. */
export class LanguageChoice {
  constructor(private readonly page: Page) {}

  /** Follows the header's "Cymraeg" link; the service returns to the same page. */
  async chooseWelsh(): Promise<void> {
    const before = new URL(this.page.url()).pathname;
    await this.page.getByTestId('language-cy').click();
    await this.page.waitForURL((url) => url.pathname === before);
  }

  /** `<html lang="cy">`, axe passes, and no English sentence of the given catalogues is on the page. */
  async expectWelsh(english: readonly string[]): Promise<void> {
    expect(await this.page.getAttribute('html', 'lang')).toBe('cy');
    await expectAccessible(this.page);
    const text = (await this.page.locator('body').innerText()).replace(/\s+/g, ' ');
    const found = english.filter((sentence) => text.includes(sentence));
    expect(found, new URL(this.page.url()).pathname).toEqual([]);
  }
}

/**
 * The English of the named catalogues that a Welsh page must not show: the messages whose Welsh differs, of a
 * few words at least (short words such as "MARAC" or "CSV" are the same in both), with no placeholders.
 */
export function englishMessagesOf(owners: readonly string[]): string[] {
  const files = catalogueFiles().filter((f) => owners.includes(f.owner));
  const welsh = Object.assign({}, ...files.filter((f) => f.language === 'cy').map((f) => f.messages));
  return files
    .filter((f) => f.language === 'en')
    .flatMap((f) => Object.entries(f.messages))
    .filter(([key, text]) => !text.includes('{') && text.includes(' ') && text.length >= 12 && welsh[key] !== text)
    .map(([, text]) => text);
}
