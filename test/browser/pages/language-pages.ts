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

  /**
   * `<html lang="cy">`, axe passes, and no English of the given catalogues is on the page: no sentence of it, no
   * element whose whole text is one of its shorter messages (a status, a role), and no stored code shown raw
   * (`incident.view`) where words should be. Text marked lang="en" (an instrument's own wording, the link back to
   * English) is English on purpose and is left out.
   */
  async expectWelsh(english: readonly string[] | EnglishMessages): Promise<void> {
    const messages = Array.isArray(english) ? { sentences: english, short: [] } : (english as EnglishMessages);
    expect(await this.page.getAttribute('html', 'lang')).toBe('cy');
    await expectAccessible(this.page);
    const { text, ownTexts } = await this.page.evaluate(() => {
      const inEnglish = (el: Element | null) => Boolean(el?.closest('[lang="en"]'));
      const own: string[] = [];
      for (const el of document.body.querySelectorAll('*')) {
        if (inEnglish(el) || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(el.tagName)) continue;
        const words = [...el.childNodes]
          .filter((n) => n.nodeType === Node.TEXT_NODE)
          .map((n) => n.textContent ?? '')
          .join(' ')
          .replace(/\s+/g, ' ')
          .trim();
        if (words) own.push(words);
      }
      const clone = document.body.cloneNode(true) as HTMLElement;
      clone.querySelectorAll('[lang="en"], script, style, noscript').forEach((el) => el.remove());
      return { text: clone.innerText.replace(/\s+/g, ' '), ownTexts: own };
    });
    const where = new URL(this.page.url()).pathname;
    const shortOnes = new Set(messages.short.map((m) => m.toLowerCase()));
    const found = [
      ...messages.sentences.filter((sentence) => text.includes(sentence)),
      ...ownTexts.filter((t) => shortOnes.has(t.toLowerCase())),
      ...(text.match(RAW_CODE) ?? []),
    ];
    const unique = [...new Set(found)];
    expect(unique, `${where}: ${unique.join(' | ')}`).toEqual([]);
  }
}

/** A code such as `incident.view` or `access.log.title`: dotted lower-case words, not part of an address or a file name. */
const RAW_CODE = /(?<![\w@./-])[a-z]{2,}(?:-[a-z]+)*(?:\.[a-z]{2,}(?:-[a-z]+)*)+(?![\w@/-]|\.\w)/g;

export interface EnglishMessages {
  /** Messages of a few words at least, looked for anywhere in the page's text. */
  sentences: string[];
  /** Shorter ones (a status, a role), looked for as the whole text of an element. */
  short: string[];
}

/**
 * The English of the named catalogues that a Welsh page must not show: the messages whose Welsh differs, of a
 * few words at least (short words such as "MARAC" or "CSV" are the same in both), with no placeholders.
 */
export function englishMessagesOf(owners: readonly string[]): string[] {
  return englishOf(owners).sentences;
}

/** As englishMessagesOf, with the shorter messages too, each to be looked for as the whole text of an element. */
export function englishOf(owners: readonly string[]): EnglishMessages {
  const files = catalogueFiles().filter((f) => owners.includes(f.owner));
  const welsh = Object.assign({}, ...files.filter((f) => f.language === 'cy').map((f) => f.messages));
  const differing = files
    .filter((f) => f.language === 'en')
    .flatMap((f) => Object.entries(f.messages))
    .filter(
      ([key, text]) => !text.includes('{') && welsh[key] !== text && welsh[key]?.toLowerCase() !== text.toLowerCase(),
    )
    .map(([, text]) => text);
  const isSentence = (text: string) => text.includes(' ') && text.length >= 12;
  return {
    sentences: differing.filter(isSentence),
    short: differing.filter((text) => !isSentence(text) && text.length >= 4),
  };
}
