import type { Page } from 'playwright-core';
import { currentTotp } from '../../../src/platform/auth/totp.ts';
import { DEMO_PASSWORD, demoAccount } from '../../../tools/synthetic/demo-accounts.ts';
import { expectAccessible } from '../../support/browser.ts';

/** Page object for the two-step sign-in. */
export class SignInPage {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  async open(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/sign-in`);
    await expectAccessible(this.page);
  }

  async enterCredentials(email: string, password = DEMO_PASSWORD): Promise<void> {
    await this.page.getByLabel('Email address').fill(email);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Continue' }).click();
  }

  async enterCode(code: string): Promise<void> {
    await this.page.getByLabel('Enter the 6-digit code from your authenticator app').fill(code);
    await this.page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  async signInAs(email: string): Promise<void> {
    await this.open();
    await this.enterCredentials(email);
    await expectAccessible(this.page);
    await this.enterCode(currentTotp(demoAccount(email).totpSecret));
  }

  async useSingleSignOn(partnershipCode: string): Promise<void> {
    await this.page.getByLabel('Partnership code').fill(partnershipCode);
    await this.page.getByRole('button', { name: 'Sign in with single sign-on' }).click();
  }
}
