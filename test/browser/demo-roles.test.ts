import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newContext, useBrowserApp } from '../support/browser.ts';
import { seenAsAPerson, WIDTHS } from '../support/seen.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import { loadLivingDemo } from '../../tools/synthetic/living-demo/index.ts';

// Each demo role, signing in to the living demo and doing what the README suggests, finds real work on the page.
const run = useBrowserApp();

interface Suggestion {
  email: string;
  /** What the README tells this role to choose on its home page. */
  choose: string;
  /** Then, on the page it leads to: what shows there is work, not an empty page. */
  expectWork: (page: Page) => Promise<void>;
}

/** The meeting still to be held (next week's). */
const nextMeeting = (page: Page) =>
  page
    .locator('tr', { hasText: 'Scheduled' })
    .getByRole('link', { name: /^Agenda/ })
    .click();
const textOf = async (page: Page, testId: string) => (await page.getByTestId(testId).first().textContent()) ?? '';

const SUGGESTIONS: Suggestion[] = [
  {
    email: 'coordinator@northshire.example',
    choose: 'Referrals waiting for you',
    expectWork: async (page) => {
      const queue = await textOf(page, 'queue');
      expect(queue).toContain('Jade Winslow');
      expect(queue).toContain('Morgan Ashdown');
    },
  },
  {
    email: 'chair@northshire.example',
    choose: 'MARAC meetings',
    expectWork: async (page) => {
      await nextMeeting(page);
      const agenda = await textOf(page, 'agenda');
      expect(agenda).toContain('Dana Fenwick');
      expect(agenda).toContain('Priya Hollins');
    },
  },
  {
    email: 'lead.police@northshire.example',
    choose: 'Review emergency access',
    expectWork: async (page) => {
      expect(await textOf(page, 'grant')).toContain('Pat Constable');
    },
  },
  {
    email: 'police@northshire.example',
    choose: 'MARAC actions for your agency',
    expectWork: async (page) => {
      expect(await page.getByTestId('action').count()).toBe(2);
      expect(await page.locator('main').textContent()).toContain('Overdue');
    },
  },
  {
    email: 'housing@northshire.example',
    choose: 'MARAC actions for your agency',
    expectWork: async (page) => {
      expect(await textOf(page, 'action')).toContain('Fit extra locks');
      expect(await page.locator('main').textContent()).toContain('Overdue');
    },
  },
  {
    email: 'idva@northshire.example',
    choose: 'MARAC actions for your agency',
    expectWork: async (page) => {
      expect(await textOf(page, 'action')).toContain('Agree a safety plan');
    },
  },
  {
    email: 'social.worker@northshire.example',
    choose: 'Research for MARAC meetings',
    expectWork: async (page) => {
      await nextMeeting(page);
      expect(await page.getByRole('link', { name: /^Record research/ }).count()).toBe(2);
    },
  },
  {
    email: 'health.visitor@northshire.example',
    choose: 'Possible matches to review',
    expectWork: async (page) => {
      expect(
        await page
          .getByTestId('review-queue')
          .getByRole('link', { name: /^Review/ })
          .count(),
      ).toBeGreaterThan(0);
    },
  },
  {
    email: 'analyst@northshire.example',
    choose: 'Quarterly MARAC data return',
    expectWork: async (page) => {
      expect(Number(await textOf(page, 'cases'))).toBeGreaterThan(0);
    },
  },
  {
    email: 'admin@northshire.example',
    choose: 'Manage users',
    expectWork: async (page) => {
      expect(await page.locator('main').textContent()).toContain('coordinator@northshire.example');
    },
  },
  {
    email: 'coordinator@southvale.example',
    choose: 'Referrals waiting for you',
    expectWork: async (page) => {
      const queue = await textOf(page, 'queue');
      expect(queue).toContain('Erin Calloway');
      expect(queue).not.toContain('Jade Winslow');
    },
  },
];

describe('the living demo, role by role', () => {
  it('gives every demo role real work where the README sends it', { timeout: 600_000 }, async () => {
    expect(await loadLivingDemo(run.t.dbs)).toEqual({ loaded: true });
    for (const suggestion of SUGGESTIONS) {
      const context = await newContext(run.browser);
      const page = await context.newPage();
      await page.setViewportSize(WIDTHS.desktop);
      await new SignInPage(page, run.t.baseUrl).signInAs(suggestion.email);
      const name =
        suggestion.email.replace(/@.*\.example$/, '').replace(/\./g, '-') +
        (suggestion.email.includes('southvale') ? '-southvale' : '');
      await seenAsAPerson(page, `home-${name}`);
      // The home page names the partnership and agency, and offers the suggested task as a button or link.
      expect(await textOf(page, 'partnership')).toMatch(/^(Northshire|Southvale) partnership$/);
      await page.getByRole('main').locator('a', { hasText: suggestion.choose }).first().click();
      await page.waitForLoadState('load');
      await suggestion.expectWork(page);
      await seenAsAPerson(page, `work-${name}`);
      await context.close();
    }
  });
});
