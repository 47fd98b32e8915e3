import { describe, expect, it } from 'vitest';
import { expectAccessible, newContext, useBrowserApp } from '../support/browser.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import { requireChecklist } from '../../src/modules/risk/instrument.ts';

const run = useBrowserApp();

describe('a health visitor completes a risk checklist', () => {
  it('records answers, sees the history and the criteria met, and refers to MARAC', async () => {
    const context = await newContext(run.browser);
    const page = await context.newPage();
    await new SignInPage(page, run.t.baseUrl).signInAs('health.visitor@northshire.example');
    await page.getByRole('link', { name: 'Start a risk checklist' }).click();
    await expectAccessible(page);
    await page.getByLabel('Victim’s first name').fill('Morgan');
    await page.getByLabel('Victim’s last name').fill('Ashdown');
    await page.getByLabel('Day').fill('12');
    await page.getByLabel('Month').fill('4');
    await page.getByLabel('Year').fill('1991');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator('h1').filter({ hasText: 'Who is in the household' }).waitFor();
    await page.getByRole('button', { name: 'Continue to the checklist' }).click();

    const instrument = requireChecklist(run.t.app.instruments, 'multi-agency-checklist@1');
    await page.locator('h1').filter({ hasText: instrument.title }).waitFor();
    await expectAccessible(page);
    for (const [index, question] of instrument.questions.entries()) {
      await page.locator(`input[name="answer-${question.id}"][value="${index < 16 ? 'yes' : 'no'}"]`).check();
    }
    await page.getByLabel('Comments on question 1', { exact: true }).fill('Cut to the lip, seen at the clinic');
    await page.getByRole('button', { name: 'Save and continue' }).click();

    await page.getByLabel('How does the victim see the risk?').fill('Thinks it is getting worse since the separation');
    await page.getByLabel('No separate judgement: the score reflects the risk').check();
    await page.getByLabel('Yes, consent given').check();
    await page.getByLabel('How many children live in the household?').fill('1');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Complete the checklist' }).click();

    await page.getByTestId('risk-level').waitFor();
    expect(await page.getByTestId('risk-level').textContent()).toBe('High');
    const criteria = await page.getByTestId('criteria').textContent();
    expect(criteria).toContain('Visible high risk');
    expect(criteria).toContain('Checklist score 16');
    expect(criteria).toContain('Potential escalation');
    const history = await page.getByTestId('history').textContent();
    // The police's earlier checklist, with the victim's consent: a shared summary (its level, not its score or answers).
    expect(history).toContain('Northshire Police, medium');
    expect(history).not.toContain('score 10');
    expect(history).toContain('has not shared its answers with yours');
    expect(history).toContain('Police call-out: assault');
    expect(await page.getByTestId('next-steps').textContent()).toContain('Refer to the IDVA service');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Refer to MARAC' }).click();
    await page.getByTestId('referral-status').waitFor();
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Referred to MARAC');
    await expectAccessible(page);
    expect(await page.title()).toBe('Risk checklist result – Whole Picture');
    const referrals = await run.t.dbs.owner.selectFrom('marac_referral').select('criteria_met').execute();
    expect(referrals).toHaveLength(1);
    expect(referrals[0]!.criteria_met.map((c) => c.criterion)).toEqual(['visible-high-risk', 'potential-escalation']);
    await context.close();
  });
});
