import type { Page } from 'playwright-core';
import { expectAccessible } from '../../support/browser.ts';

/** Page objects for referrals between services: the referrer's next steps and form, the receiver's queue and decision. */
export class ReferralPages {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  async referFromNextStep(
    assessmentId: string,
    stepId: string,
    form: { agency: string; reason: string },
  ): Promise<void> {
    await this.page.goto(`${this.baseUrl}/assessments/${assessmentId}/next-steps`);
    await expectAccessible(this.page);
    await this.page.getByTestId(`referral-${stepId}`).getByRole('link').click();
    await expectAccessible(this.page);
    await this.page.getByLabel('Receiving agency').selectOption({ label: form.agency });
    await this.page.getByLabel('Reason for the referral').fill(form.reason);
    await this.page.getByRole('button', { name: 'Send the referral' }).click();
    await this.page.getByText('Referral sent to').waitFor();
    await expectAccessible(this.page);
  }

  async openQueue(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/`);
    await this.page.getByRole('link', { name: 'Referrals', exact: true }).first().click();
    await expectAccessible(this.page);
  }

  async openFirstReceived(): Promise<void> {
    await this.page.getByTestId('received').getByRole('link').first().click();
    await expectAccessible(this.page);
  }

  async accept(worker: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Accept the referral' }).click();
    await this.page.locator('.govuk-error-summary').waitFor(); // no worker chosen: the error summary, nothing saved
    await expectAccessible(this.page);
    await this.page.getByLabel('Allocated worker').selectOption({ label: worker });
    await this.page.getByRole('button', { name: 'Accept the referral' }).click();
    await this.page.getByText('Referral accepted').waitFor();
    await expectAccessible(this.page);
  }
}
