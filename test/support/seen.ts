import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { expectAccessible } from './browser.ts';

/** The widths a page is looked at: a desktop, a phone, and 320 CSS pixels for WCAG reflow (1.4.10). */
export const WIDTHS = { desktop: { width: 1280, height: 900 }, mobile: { width: 375, height: 740 } } as const;
const REFLOW_WIDTH = 320;
const SCREENSHOTS = path.resolve(import.meta.dirname, '..', '..', 'test-results', 'screenshots');

/**
 * Elements running off the side of the viewport. Data tables are left out: WCAG 1.4.10 excepts content whose
 * meaning needs two dimensions, so a wide table may scroll sideways; so may anything inside a scrolling box.
 */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const scrollsItself = (el: Element | null): boolean => {
      for (let e = el; e && e !== document.body; e = e.parentElement) {
        if (['auto', 'scroll'].includes(getComputedStyle(e).overflowX)) return true;
      }
      return false;
    };
    const wide = [...document.body.querySelectorAll('*')].filter((el) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.right > width + 1 && !el.closest('table') && !scrollsItself(el.parentElement);
    });
    // Report the outermost offenders only.
    return wide
      .filter((el) => !wide.some((other) => other !== el && other.contains(el)))
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].join('.')} (${Math.round(el.getBoundingClientRect().right)}px)`,
      );
  });
}

/**
 * Looks at the page as a person would: at desktop and phone widths (a screenshot
 * of each into test-results/screenshots, never committed, and axe at each), and
 * at 320 pixels, where nothing may run off the side. Leaves the page at the width it had.
 */
export async function seenAsAPerson(page: Page, name: string): Promise<void> {
  const before = page.viewportSize();
  await mkdir(SCREENSHOTS, { recursive: true });
  for (const [label, size] of Object.entries(WIDTHS)) {
    await page.setViewportSize(size);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${label}.png`), fullPage: true });
    await expectAccessible(page);
  }
  await page.setViewportSize({ width: REFLOW_WIDTH, height: 640 });
  expect(await overflowing(page), `content wider than ${REFLOW_WIDTH} px on ${page.url()}`).toEqual([]);
  if (before) await page.setViewportSize(before);
}
