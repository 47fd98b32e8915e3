import { describe, expect, it } from 'vitest';
import { expectAccessible, newContext, useBrowserApp } from '../support/browser.ts';
import { SignInPage } from './pages/sign-in-page.ts';

const run = useBrowserApp();

describe('signing in with a browser', () => {
  it('a health visitor signs in with password and TOTP and sees their agency home page', async () => {
    const context = await newContext(run.browser);
    const page = await context.newPage();
    await new SignInPage(page, run.t.baseUrl).signInAs('health.visitor@northshire.example');
    await expect.poll(() => page.url()).toBe(`${run.t.baseUrl}/`);
    expect(await page.locator('h1').textContent()).toBe('Northshire Community Health Trust');
    expect(await page.title()).toBe('Home – Whole Picture');
    await expectAccessible(page);
    await context.close();
  });

  it('shows the error summary, focused, and keeps the email after a wrong password', async () => {
    const context = await newContext(run.browser);
    const page = await context.newPage();
    const signIn = new SignInPage(page, run.t.baseUrl);
    await signIn.open();
    await signIn.enterCredentials('idva@northshire.example', 'wrong-password-entirely');
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Enter a correct email address and password');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary')))
      .toBe(true);
    expect(await page.getByLabel('Email address').inputValue()).toBe('idva@northshire.example');
    expect(await page.title()).toBe('Error: Sign in – Whole Picture');
    await expectAccessible(page);
    await context.close();
  });

  it('works without JavaScript: sign in, then an administrator adds an agency after correcting a mistake', async () => {
    const context = await newContext(run.browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await new SignInPage(page, run.t.baseUrl).signInAs('admin@northshire.example');
    await page.getByRole('link', { name: 'Agencies' }).first().click();
    await page.getByRole('button', { name: 'Add an agency' }).click();
    await expectAccessible(page);
    await page.getByLabel('Agency name').fill('N');
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Enter the agency name');
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Select the type of agency');
    expect(await page.getByLabel('Agency name').inputValue()).toBe('N');
    await expectAccessible(page);
    await page.getByLabel('Agency name').fill('Northshire Mental Health Service');
    await page.getByLabel('Health', { exact: true }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.url()).toBe(`${run.t.baseUrl}/admin/agencies`);
    expect(await page.locator('table').textContent()).toContain('Northshire Mental Health Service');
    await expectAccessible(page);
    await context.close();
  });
});
