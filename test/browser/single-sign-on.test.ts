import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { expectAccessible, launchBrowser, newContext } from '../support/browser.ts';
import { startOidcProvider } from '../support/oidc-provider.ts';
import { SignInPage } from './pages/sign-in-page.ts';

let t: TestApp;
let browser: Browser;
let provider: Awaited<ReturnType<typeof startOidcProvider>>;

beforeAll(async () => {
  t = await startTestApp({ listen: true });
  const port = Number(new URL(t.baseUrl).port) + 1;
  provider = await startOidcProvider(port, `${t.baseUrl}/sign-in/oidc/callback`);
  // The partnership's administrator links Northshire to the provider and one user to a subject there.
  await t.dbs.owner
    .updateTable('partnership')
    .set({ oidc_issuer: provider.issuer, oidc_client_id: provider.clientId, oidc_client_secret: provider.clientSecret })
    .where('code', '=', 'northshire')
    .execute();
  await t.dbs.owner
    .updateTable('app_user')
    .set({ oidc_subject: 'sso-social-worker' })
    .where('email', '=', 'social.worker@northshire.example')
    .execute();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await provider?.close();
  await t?.close();
});

async function signInAtProvider(login: string) {
  const context = await newContext(browser);
  const page = await context.newPage();
  const signIn = new SignInPage(page, t.baseUrl);
  await signIn.open();
  await signIn.useSingleSignOn('northshire');
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.locator('button[type="submit"]').click();
  await page.locator('button[type="submit"]').click(); // consent
  return { context, page };
}

describe('OpenID Connect single sign-on against a real provider', () => {
  it('signs in a user whose subject the partnership has linked, end to end', async () => {
    const { context, page } = await signInAtProvider('sso-social-worker');
    await expect.poll(() => page.url()).toBe(`${t.baseUrl}/`);
    expect(await page.locator('h1').textContent()).toBe("Northshire Children's Services");
    await expectAccessible(page);
    const event = await t.dbs.owner
      .selectFrom('audit_event')
      .select(['outcome', 'subject_type'])
      .where('action', '=', 'sign-in.oidc')
      .executeTakeFirstOrThrow();
    expect(event).toEqual({ outcome: 'success', subject_type: 'user' });
    await context.close();
  });

  it('refuses a subject nobody has linked, and records the refusal', async () => {
    const { context, page } = await signInAtProvider('someone-unknown');
    await page.locator('h1').waitFor();
    expect(await page.locator('h1').textContent()).toBe('You could not be signed in');
    const response = await page.goto(`${t.baseUrl}/`);
    expect(response?.url()).toBe(`${t.baseUrl}/sign-in`);
    const denied = await t.dbs.owner
      .selectFrom('audit_event')
      .select('id')
      .where('action', '=', 'sign-in.oidc')
      .where('outcome', '=', 'denied')
      .execute();
    expect(denied).toHaveLength(1);
    await context.close();
  });

  it('tells the user beside the field when a partnership has no single sign-on', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const signIn = new SignInPage(page, t.baseUrl);
    await signIn.open();
    await signIn.useSingleSignOn('southvale');
    expect(await page.locator('#partnership-error').textContent()).toContain(
      'No partnership with that code uses single sign-on',
    );
    await expectAccessible(page);
    await context.close();
  });
});
