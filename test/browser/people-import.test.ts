import { describe, expect, it } from 'vitest';
import { expectAccessible, newContext, useBrowserApp } from '../support/browser.ts';
import { SignInPage } from './pages/sign-in-page.ts';

// A practitioner pastes an extract too large to import while she waits: she is shown its progress,
// checks again, and reads the report. Without JavaScript, and every page passes axe-core.

const run = useBrowserApp();

describe('a large import', () => {
  it('shows progress, then the report with the one rejected line', async () => {
    const context = await newContext(run.browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await new SignInPage(page, run.t.baseUrl).signInAs('police@northshire.example');
    await page.goto(`${run.t.baseUrl}/people/import`);
    await expectAccessible(page);
    const lines = Array.from(
      { length: 105 },
      (_, i) =>
        `BR-${i},police-call-out,2026-02-0${1 + (i % 9)},low,BRP-${i},victim,Synthetic${i},Importson,${i === 42 ? 'not-a-date' : `19${60 + (i % 40)}-01-15`}`,
    );
    await page
      .getByLabel('CSV extract')
      .fill(
        ['incident_id,type,occurred_on,severity,person_id,role,given_name,family_name,date_of_birth', ...lines].join(
          '\n',
        ),
      );
    await page.getByRole('button', { name: 'Import' }).click();
    expect(page.url()).toMatch(/\/people\/imports\/[0-9a-f-]{36}$/);
    await expectAccessible(page);
    // No name in the page title or address while it runs or after.
    expect(await page.title()).not.toContain('Importson');
    const heading = () => page.getByRole('heading', { level: 1 }).textContent();
    const deadline = Date.now() + 120_000; // a loaded 2-core machine imports slowly
    while (Date.now() < deadline && (await heading()) === 'Import in progress') {
      await page.waitForTimeout(200);
      // Wait for the new page to load before reading its heading again.
      await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: 'Check progress again' }).click()]);
    }
    await expect(page.getByRole('heading', { name: 'Import report' }).isVisible()).resolves.toBe(true);
    await expectAccessible(page);
    const summary = page.getByTestId('import-summary');
    await expect(summary.textContent()).resolves.toMatch(/Imported\s+104/);
    await expect(page.getByTestId('import-rows').textContent()).resolves.toContain('BR-42');
    await context.close();
  }, 180_000);
});
