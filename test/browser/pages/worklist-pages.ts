import type { Page } from 'playwright-core';
import { expectAccessible } from '../../support/browser.ts';
import { seenAsAPerson } from '../../support/seen.ts';

/** Page objects for worklists: the home page's open work, one item, and closing it with an outcome. */
export class WorklistPages {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  /** The home page's "Your work" table: how many items are open, and the kinds listed. */
  async openHome(): Promise<{ total: number; text: string }> {
    await this.page.goto(`${this.baseUrl}/`);
    await expectAccessible(this.page);
    const text = (await this.page.getByTestId('worklist').textContent()) ?? '';
    return { total: Number(/(\d+) open items?/.exec(text)?.[1] ?? 0), text };
  }

  /** Opens the first item of a kind from the worklist page. */
  async openFirst(kindLabel: string): Promise<void> {
    await this.page.goto(`${this.baseUrl}/worklist`);
    await seenAsAPerson(this.page, 'worklist');
    await this.page
      .getByRole('link', { name: new RegExp(`item \\d+: ${escape(kindLabel)}`) })
      .first()
      .click();
    await this.page.getByRole('heading', { level: 1, name: kindLabel }).waitFor();
    await seenAsAPerson(this.page, 'worklist-item');
  }

  /** Closes the open item; without an outcome (or a needed decision) the page says why and nothing is saved. */
  async close(button: string, form: { outcome?: string; decision?: string }): Promise<string | null> {
    if (form.decision) await this.page.getByLabel(form.decision).check();
    await this.page.getByLabel('Outcome').fill(form.outcome ?? '');
    await this.page.getByRole('button', { name: button }).click();
    const summary = this.page.locator('.govuk-error-summary');
    const banner = this.page.getByText('The item is closed with its outcome.');
    await summary.or(banner).first().waitFor();
    await expectAccessible(this.page);
    return (await summary.count()) ? await summary.textContent() : null;
  }
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
