import type { Browser, Page } from 'playwright-core';
import { currentTotp } from '../../../src/platform/auth/totp.ts';
import { DEMO_PASSWORD, demoAccount } from '../../../tools/synthetic/demo-accounts.ts';
import { expectAccessible, newContext } from '../../support/browser.ts';

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

  /**
   * A code works once, and tests sign the same account in several times a
   * minute: when the current step's code has been used, the next step's code is
   * accepted too (clock drift); after that, wait for a new step.
   */
  async enterFreshCode(secret: string): Promise<void> {
    for (const offset of [0, 1, 1]) {
      await this.enterCode(currentTotp(secret, offset));
      if (!(await this.page.getByText('That code has already been used').count())) return;
      if (offset === 1) await this.page.waitForTimeout(30_000 - (Date.now() % 30_000) + 200);
    }
  }

  async signInAs(email: string): Promise<void> {
    await this.open();
    await this.enterCredentials(email);
    await expectAccessible(this.page);
    await this.enterFreshCode(demoAccount(email).totpSecret);
  }

  async useSingleSignOn(partnershipCode: string): Promise<void> {
    await this.page.getByLabel('Partnership code').fill(partnershipCode);
    await this.page.getByRole('button', { name: 'Sign in with single sign-on' }).click();
  }
}

/**
 * A new browser context signed in as a demo account, or, given its authenticator secret, as an
 * account the test added; returned once the first page after sign-in has its heading.
 */
export async function signedInPage(browser: Browser, baseUrl: string, email: string, secret?: string): Promise<Page> {
  const page = await (await newContext(browser)).newPage();
  const signIn = new SignInPage(page, baseUrl);
  if (secret) {
    await signIn.open();
    await signIn.enterCredentials(email);
    await signIn.enterFreshCode(secret);
  } else {
    await signIn.signInAs(email);
  }
  await page.getByRole('heading', { level: 1 }).waitFor();
  return page;
}
