import type { Page } from 'playwright-core';
import { expectAccessible } from '../../support/browser.ts';

/** Page objects for finding a person, their whole picture, and deciding a match. */
export class PersonSearchPage {
  constructor(private readonly page: Page) {}

  async searchByName(name: string): Promise<void> {
    await this.page.getByLabel('Name').fill(name);
    await this.page.getByRole('button', { name: 'Search' }).click();
    await this.page.getByTestId('result-count').waitFor();
    await expectAccessible(this.page);
  }

  async open(name: string): Promise<void> {
    await this.page.getByTestId('results').getByRole('link', { name }).first().click();
    await this.page.getByRole('heading', { name: 'Chronology across agencies' }).waitFor();
  }
}

export class PersonPage {
  constructor(private readonly page: Page) {}

  chronology = () => this.page.getByTestId('chronology').textContent();
  links = () => this.page.getByTestId('links').textContent();
  flags = () => this.page.getByTestId('flags').textContent();
  banner = () => this.page.locator('.govuk-notification-banner').textContent();

  async reviewMatch(): Promise<void> {
    await this.page
      .getByTestId('links')
      .getByRole('link', { name: /^Review/ })
      .first()
      .click();
    await this.page.getByTestId('explanation').waitFor();
    await expectAccessible(this.page);
  }

  async openConfirmedLink(): Promise<void> {
    await this.page
      .getByTestId('links')
      .getByRole('link', { name: /^See or undo/ })
      .first()
      .click();
    await this.page.getByTestId('explanation').waitFor();
    await expectAccessible(this.page);
  }
}

export class MatchPage {
  constructor(private readonly page: Page) {}

  explanation = () => this.page.getByTestId('explanation').textContent();

  async confirmSamePerson(): Promise<void> {
    await this.page.getByLabel('Yes, the same person: link these records').check();
    await this.page.getByRole('button', { name: 'Save decision' }).click();
    await this.page.getByRole('heading', { name: 'Chronology across agencies' }).waitFor();
  }

  async undoLink(): Promise<void> {
    await this.page.getByRole('button', { name: 'Undo this link' }).click();
    await this.page.getByRole('heading', { name: 'Chronology across agencies' }).waitFor();
  }
}
