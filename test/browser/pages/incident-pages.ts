import type { Page } from 'playwright-core';
import { expectAccessible } from '../../support/browser.ts';

/** Page objects for recording one incident or contact: from the home page's button, find the person, fill the form. */
export class IncidentPages {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  /** From the home page's button to the search, then the agency's own record of the person found. */
  async startFromHome(name: string, chosen: string): Promise<void> {
    await this.page.goto(`${this.baseUrl}/`);
    await this.page.getByRole('button', { name: 'Record an incident or contact' }).click();
    await this.page.getByRole('heading', { level: 1, name: 'Record an incident or contact' }).waitFor();
    await expectAccessible(this.page);
    await this.page.getByLabel('Their name').fill(name);
    await this.page.getByRole('button', { name: 'Search' }).click();
    await this.page.getByTestId('results').waitFor();
    await expectAccessible(this.page);
    await this.page.getByTestId('results').getByRole('link', { name: chosen }).click();
    await this.page.getByRole('button', { name: 'Record it' }).waitFor();
    await expectAccessible(this.page);
  }

  /** Fills what is given and sends it: the error summary's messages, or null when it was recorded. */
  async record(form: {
    kind?: string;
    date?: [number, number, number];
    severity?: string;
    role?: string;
    others?: Record<string, string>;
    children?: 'Yes' | 'No';
    narrative?: string;
  }): Promise<string[] | null> {
    const p = this.page;
    if (form.kind) await p.getByLabel('What kind of incident or contact was it?').selectOption({ label: form.kind });
    if (form.date) {
      const [d, m, y] = form.date;
      await p.getByLabel('Day').fill(String(d));
      await p.getByLabel('Month').fill(String(m));
      await p.getByLabel('Year').fill(String(y));
    }
    if (form.severity) await p.getByRole('group', { name: 'How severe' }).getByLabel(form.severity).check();
    if (form.role)
      await p
        .getByRole('group', { name: /role\?/ })
        .getByLabel(form.role, { exact: true })
        .check();
    for (const [who, role] of Object.entries(form.others ?? {})) await p.getByLabel(who).selectOption({ label: role });
    if (form.children) await p.getByRole('group', { name: 'Were children present?' }).getByLabel(form.children).check();
    if (form.narrative) await p.getByLabel('What happened (optional)').fill(form.narrative);
    await p.getByRole('button', { name: 'Record it' }).click();
    const summary = p.locator('.govuk-error-summary');
    await summary.or(p.getByTestId('recorded')).first().waitFor();
    await expectAccessible(p);
    if (await summary.count())
      return summary
        .locator('li')
        .allTextContents()
        .then((t) => t.map((s) => s.trim()));
    return null;
  }

  incidentId(): string {
    return /\/incidents\/([0-9a-f-]{36})/.exec(this.page.url())![1]!;
  }
}
