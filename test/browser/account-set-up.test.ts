import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { startSmtpCapture } from '../support/smtp.ts';
import { expectAccessible, launchBrowser, newContext } from '../support/browser.ts';
import { currentTotp } from '../../src/platform/auth/totp.ts';
import { SignInPage } from './pages/sign-in-page.ts';

// The invited user's own journey: the e-mailed link, their password and authenticator, then signing in.
let t: TestApp;
let browser: Browser;
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
beforeAll(async () => {
  smtp = await startSmtpCapture();
  t = await startTestApp({ listen: true, env: { SMTP_URL: smtp.url } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
  await smtp?.close();
});

describe('setting up an account from an invitation', () => {
  it('an administrator invites; the user sets their own password and authenticator and signs in', async () => {
    const adminPage = await (await newContext(browser)).newPage();
    await new SignInPage(adminPage, t.baseUrl).signInAs('admin@northshire.example');
    await adminPage.goto(`${t.baseUrl}/admin/users/new`);
    await adminPage.getByLabel('Full name').fill('Ash Newcomer');
    await adminPage.getByLabel('Work email address').fill('ash.newcomer@northshire.example');
    await adminPage.getByLabel('Agency', { exact: true }).selectOption({ label: 'Northshire Housing' });
    await adminPage.getByLabel('Practitioner', { exact: true }).check();
    await adminPage.getByRole('button', { name: 'Save' }).click();
    await adminPage.getByRole('heading', { name: 'Invitation sent' }).waitFor();
    await expectAccessible(adminPage);

    const mail = smtp.messages
      .filter((m) => m.to.includes('ash.newcomer@northshire.example'))
      .map((m) => m.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '='))[0]!;
    const link = /(http:\/\/[^\s]+\/account\/set-up\?token=[A-Za-z0-9_-]{43})/.exec(mail)![1]!;
    const page = await (await newContext(browser)).newPage();
    await page.goto(link);
    await expectAccessible(page);
    await page.getByText('I cannot scan the code').click();
    const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
    await page.getByLabel('Choose a password').fill('a passphrase only I know');
    await page.getByLabel('Enter the password again').fill('a passphrase only I know');
    await page
      .getByLabel('Enter the 6-digit code your app now shows')
      .fill('000000' === currentTotp(secret) ? '111111' : '000000');
    await page.getByRole('button', { name: 'Set up my account' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    await expectAccessible(page);
    await page.getByLabel('Choose a password').fill('a passphrase only I know');
    await page.getByLabel('Enter the password again').fill('a passphrase only I know');
    await page.getByLabel('Enter the 6-digit code your app now shows').fill(currentTotp(secret));
    await page.getByRole('button', { name: 'Set up my account' }).click();
    await page.getByText('Your account is set up').first().waitFor();
    await expectAccessible(page);

    const signIn = new SignInPage(page, t.baseUrl);
    await signIn.open();
    await signIn.enterCredentials('ash.newcomer@northshire.example', 'a passphrase only I know');
    await signIn.enterFreshCode(secret);
    await expect.poll(() => page.url()).toBe(`${t.baseUrl}/`);
    for (const path of ['/account', '/account/password', '/account/authenticator']) {
      await page.goto(`${t.baseUrl}${path}`);
      await expectAccessible(page);
    }
    await adminPage.goto(`${t.baseUrl}/admin/users`);
    await expectAccessible(adminPage);
  });
});
