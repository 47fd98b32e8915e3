import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { startTestApp, type TestApp } from './test-app.ts';

const require = createRequire(import.meta.url);
const axeSource: string = require('axe-core').source;

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's chromium with the flags this closed-network machine needs. A missing browser fails the test, never skips it. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `No browser at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A listening app (own database) and a browser for one test file, both closed after it. Read them inside tests. */
export function useBrowserApp(): { readonly t: TestApp; readonly browser: Browser } {
  const held = {} as { t: TestApp; browser: Browser };
  beforeAll(async () => {
    held.t = await startTestApp({ listen: true });
    held.browser = await launchBrowser();
  });
  afterAll(async () => {
    await held.browser?.close();
    await held.t?.close();
  });
  return held;
}

/** bypassCSP only so the test can inject axe-core; the app's own scripts still run under its CSP nonce. */
export const newContext = (browser: Browser, options: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> =>
  browser.newContext({ bypassCSP: true, javaScriptEnabled: options.javaScriptEnabled ?? true });

/** Every page the browser tests visit passes axe-core's WCAG 2.2 A and AA rules. */
export async function expectAccessible(page: Page): Promise<void> {
  await page.addScriptTag({ content: axeSource });
  if (!(await page.evaluate(() => 'axe' in window))) {
    // JavaScript is off in this page, so axe cannot run in it: check the same HTML, at the same address, in a scripted page.
    const html = await page.content();
    const url = page.url();
    const copy = await page.context().browser()!.newPage({ bypassCSP: true });
    try {
      await copy.route(url, (route) => route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' }));
      await copy.goto(url);
      return await expectAccessible(copy);
    } finally {
      await copy.close();
    }
  }
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: Document,
            opts: object,
          ) => Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
  expect(violations, `accessibility problems on ${page.url()}`).toEqual([]);
}
