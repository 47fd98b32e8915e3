import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, newContext, useBrowserApp } from '../support/browser.ts';
import { seenAsAPerson, WIDTHS } from '../support/seen.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import { ChecklistSectionPage, ChecklistTaskListPage } from './pages/checklist-pages.ts';
import { requireChecklist } from '../../src/modules/risk/instrument.ts';
import { sectionsOf } from '../../src/modules/risk/checklist-sections.ts';

const run = useBrowserApp();

/** Signs in as the health visitor and answers Morgan Ashdown's checklist section by section, checking the history beside the questions. */
async function answerSectionBySection(page: Page, width: 'desktop' | 'mobile') {
  await page.setViewportSize(WIDTHS[width]);
  await new SignInPage(page, run.t.baseUrl).signInAs('health.visitor@northshire.example');
  if (width === 'desktop') await seenAsAPerson(page, 'home-practitioner');
  await page.getByRole('button', { name: 'Start a risk checklist' }).click();
  if (width === 'desktop') await seenAsAPerson(page, 'checklist-start');
  await page.getByLabel('Victim’s first name').fill('Morgan');
  await page.getByLabel('Victim’s last name').fill('Ashdown');
  await page.getByLabel('Day').fill('12');
  await page.getByLabel('Month').fill('4');
  await page.getByLabel('Year').fill('1991');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.locator('h1').filter({ hasText: 'Who is in the household' }).waitFor();
  await page.getByLabel('A child in the household').check();
  await page.getByLabel('First name').fill('Robin');
  await page.getByLabel('Day').fill('3');
  await page.getByLabel('Month').fill('5');
  await page.getByLabel('Year').fill('2019');
  await page.getByRole('button', { name: 'Add to the household' }).click();
  await page.locator('h1').filter({ hasText: 'Who is in the household' }).waitFor();
  await page.getByRole('button', { name: 'Continue to the checklist' }).click();

  const instrument = requireChecklist(run.t.app.instruments, 'multi-agency-checklist@1');
  const sections = sectionsOf(instrument);
  const list = new ChecklistTaskListPage(page);
  await page.locator('h1').filter({ hasText: instrument.title }).waitFor();
  expect(await list.progress()).toContain(`0 of ${instrument.questions.length} questions answered`);
  expect(await list.statusOf(sections[0]!)).toBe('Not started');
  if (width === 'desktop') await seenAsAPerson(page, 'checklist-task-list');

  const questions = new ChecklistSectionPage(page);
  await list.open(sections[0]!);
  for (const section of sections) {
    await page.locator('h1').filter({ hasText: section.title }).waitFor();
    // The police's history is beside the questions while they are answered: a column when wide, a summary above when narrow.
    const history = questions.history(width);
    expect(await history.isVisible()).toBe(true);
    expect(await questions.hiddenHistory(width).isVisible()).toBe(false);
    if (width === 'mobile') await history.getByText('See the earlier checklists and incidents').click();
    expect(await history.textContent()).toContain('Police call-out: assault');
    expect(await history.textContent()).toContain('Northshire Police');
    if (section.number === 1) {
      // One look covers both widths (seenAsAPerson takes each); the phone run checks the summary opens.
      if (width === 'desktop') await seenAsAPerson(page, 'checklist-section');
      else await expectAccessible(page);
      await questions.comment(1, 'Cut to the lip, seen at the clinic');
    }
    await questions.answer(section, (n) => (n <= 16 ? 'yes' : 'no'));
    await questions.saveAndContinue();
  }
  // Every section answered and saved: back at the task list with each one completed.
  await page.locator('h1').filter({ hasText: instrument.title }).waitFor();
  for (const section of sections) expect(await list.statusOf(section)).toBe('Completed');
  await list.continueToJudgement();

  // The household page recorded one child: the judgement page says so and does not ask again.
  await page.locator('h1').filter({ hasText: 'Your judgement' }).waitFor();
  expect(await page.getByTestId('household-summary').textContent()).toContain('1 child');
  expect(await page.getByLabel('How many children live in the household?').count()).toBe(0);
  await page.getByLabel('How does the victim see the risk?').fill('Thinks it is getting worse since the separation');
  await page.getByLabel('No separate judgement: the score reflects the risk').check();
  await page.getByLabel('Yes, consent given').check();
  if (width === 'desktop') await seenAsAPerson(page, 'checklist-judgement');
  await page.getByRole('button', { name: 'Complete the checklist' }).click();
  await page.getByTestId('risk-level').waitFor();
}

describe('a health visitor completes a risk checklist', () => {
  it('answers it section by section on a desktop, with the history in a column beside the questions, and refers to MARAC', async () => {
    const context = await newContext(run.browser);
    const page = await context.newPage();
    await answerSectionBySection(page, 'desktop');

    expect(await page.getByTestId('risk-level').textContent()).toBe('High');
    const criteria = await page.getByTestId('criteria').textContent();
    expect(criteria).toContain('Visible high risk');
    expect(criteria).toContain('Checklist score 16');
    // The police's three call-outs are on a record only suggested as hers: shown as a possible match, not counted.
    expect(criteria).not.toContain('Potential escalation');
    const history = await page.getByTestId('history').textContent();
    // The police's earlier checklist, on a record the matcher suggested and nobody has confirmed: its level, marked as a possible match.
    expect(history).toContain('Northshire Police, medium');
    expect(history).not.toContain('score 10');
    expect(history).toContain('Possible match — not confirmed');
    expect(history).toContain('Police call-out: assault');
    expect(await page.getByTestId('next-steps').textContent()).toContain('Refer to the IDVA service');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Refer to MARAC' }).click();
    await page.getByTestId('referral-status').waitFor();
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Referred to MARAC');
    await seenAsAPerson(page, 'checklist-result');
    expect(await page.title()).toBe('Risk checklist result – Whole Picture');
    const referrals = await run.t.dbs.owner.selectFrom('marac_referral').select('criteria_met').execute();
    expect(referrals).toHaveLength(1);
    expect(referrals[0]!.criteria_met.map((c) => c.criterion)).toEqual(['visible-high-risk']);
    await context.close();
  });

  it('answers it section by section on a phone, with a summary of the history above the questions', async () => {
    const context = await newContext(run.browser);
    const page = await context.newPage();
    await answerSectionBySection(page, 'mobile');
    expect(await page.getByTestId('risk-level').textContent()).toBe('High');
    await context.close();
  });
});
