import { describe, expect, it } from 'vitest';
import { expectAccessible, newContext, useBrowserApp } from '../support/browser.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import { HouseholdPage, NextStepsPage, RiskPlanPage } from './pages/risk-response-pages.ts';
import { requireChecklist } from '../../src/modules/risk/instrument.ts';
import { sectionsOf } from '../../src/modules/risk/checklist-sections.ts';
import { answerChecklist } from './pages/checklist-pages.ts';

const run = useBrowserApp();

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('after the checklist: household, next steps and the risk management plan', () => {
  // Every page is a plain HTML form (the integration tests drive them with no JavaScript at all).
  it('records who is in the household, rates the child, records each next step and makes a plan', async () => {
    const context = await newContext(run.browser);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await new SignInPage(page, run.t.baseUrl).signInAs('health.visitor@northshire.example');
    await page.getByRole('button', { name: 'Start a risk checklist' }).click();
    await page.getByLabel('Victim’s first name').fill('Quinn');
    await page.getByLabel('Victim’s last name').fill('Larkspur');
    await page.getByLabel('Day').fill('9');
    await page.getByLabel('Month').fill('11');
    await page.getByLabel('Year').fill('1990');
    await page.getByRole('button', { name: 'Continue' }).click();

    const household = new HouseholdPage(page);
    await page.locator('h1').filter({ hasText: 'Who is in the household' }).waitFor();
    await expectAccessible(page);
    await household.add({ who: 'A child in the household', givenName: 'Ellis' });
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Enter the child’s date of birth');
    await expectAccessible(page);
    await household.add({ who: 'A child in the household', givenName: 'Ellis', dateOfBirth: ['4', '7', '2016'] });
    await household.add({ who: 'The person causing harm', givenName: 'Jordan', familyName: 'Larkspur' });
    const listed = await page.getByTestId('household').textContent();
    expect(listed).toContain('Ellis');
    expect(listed).toContain('Jordan Larkspur');
    await household.continueToChecklist();

    const instrument = requireChecklist(run.t.app.instruments, 'multi-agency-checklist@1');
    await page.locator('h1').filter({ hasText: instrument.title }).waitFor();
    await answerChecklist(page, sectionsOf(instrument), (n) => (n <= 14 ? 'yes' : 'no'));
    // The household page recorded the child: the judgement page does not ask again.
    expect(await page.getByTestId('household-summary').textContent()).toContain('1 child');
    expect(await page.getByLabel('How many children live in the household?').count()).toBe(0);
    await page.getByLabel('No separate judgement: the score reflects the risk').check();
    await page.getByLabel('Yes, consent given').check();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Complete the checklist' }).click();

    await page.getByTestId('risk-level').waitFor();
    expect(await page.getByTestId('risk-level').textContent()).toBe('High');
    expect(await page.getByTestId('children').textContent()).toContain('Not rated yet');
    await expectAccessible(page);

    // The child's risk matrix.
    await page.getByRole('link', { name: 'Rate the risk to Ellis' }).click();
    await expectAccessible(page);
    await page
      .getByRole('group', { name: /How much harm has this child suffered/ })
      .getByLabel('High', { exact: true })
      .check();
    await page
      .getByRole('group', { name: /How much is the abuse affecting/ })
      .getByLabel('Medium', { exact: true })
      .check();
    await page
      .getByRole('group', { name: 'How well is this child protected?' })
      .getByLabel('Medium', { exact: true })
      .check();
    await page.getByRole('button', { name: 'Save the rating' }).click();
    expect(await page.getByTestId('children').textContent()).toContain('High');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Back to the checklist result' }).click();
    expect(await page.getByTestId('child-rating').textContent()).toBe('High');

    // Next steps: a declined step needs its reason.
    await page.getByRole('link', { name: 'Record what was done about the next steps' }).click();
    await expectAccessible(page);
    const steps = new NextStepsPage(page);
    await steps.record('Refer to MARAC', 'Done');
    await steps.record('Refer to the IDVA service', 'Declined');
    await steps.save();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain(
      'Give the reason this step was declined',
    );
    await expectAccessible(page);
    await steps.record(
      'Refer to the IDVA service',
      'Declined',
      'Already supported by the refuge’s own outreach worker',
    );
    await steps.record("Refer to children's social care", 'Done');
    await steps.record(
      'Give information about local domestic abuse services and the national helpline',
      'Not applicable',
    );
    await steps.save();
    const recorded = await page.getByTestId('next-steps').textContent();
    expect(recorded).toMatch(/Refer to MARAC:\s*Done/);
    expect(recorded).toMatch(/Refer to the IDVA service:\s*Declined\s*\(Already supported/);
    expect(recorded).toMatch(/Agree a safety plan with the victim:\s*Outstanding/);
    await expectAccessible(page);

    // The risk management plan.
    await page.getByRole('link', { name: 'Risk management plan' }).click();
    await expectAccessible(page);
    const plan = new RiskPlanPage(page);
    await plan.fillPlan({ agreedOn: inDays(0), reviewOn: inDays(28), owner: 'Northshire Community Health Trust' });
    await plan.fillAction(0, {
      category: 'Remove',
      risk: 'He still has a key to the flat',
      what: 'Change the locks this week',
      owner: 'Northshire Housing',
      reviewOn: inDays(7),
    });
    await plan.fillAction(1, {
      category: 'Accept',
      risk: 'Child contact handovers',
      what: 'Handovers at the family centre only',
      owner: 'Northshire Children’s Services',
      reviewOn: inDays(28),
    });
    await plan.save();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain(
      'Explain why this risk is being accepted',
    );
    await expectAccessible(page);
    await page
      .getByRole('group', { name: 'Action 2', exact: true })
      .getByLabel('Why this risk is accepted (accept only)')
      .fill('Contact is ordered by the family court');
    await plan.save();
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('saved as version 1');
    const shown = await page.getByTestId('current-plan').textContent();
    expect(shown).toContain('Change the locks this week');
    expect(shown).toContain('Contact is ordered by the family court');
    await expectAccessible(page);
    expect(await page.title()).toBe('Risk management plan – Whole Picture');

    await page.getByRole('link', { name: 'Back to the checklist result' }).click();
    expect(await page.getByTestId('plans').textContent()).toContain(
      'version 1, owned by Northshire Community Health Trust',
    );
    const stored = await run.t.dbs.owner.selectFrom('step_outcome').select(['step_id', 'outcome']).execute();
    expect(stored.map((s) => `${s.step_id}:${s.outcome}`).sort()).toEqual([
      'give-information:not-applicable',
      'refer-to-childrens-social-care:done',
      'refer-to-idva:declined',
      'refer-to-marac:done',
    ]);
    await context.close();
  }, 150_000);

  it('lets an administrator change the partnership’s escalation threshold and minimum response', async () => {
    const context = await newContext(run.browser);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await new SignInPage(page, run.t.baseUrl).signInAs('admin@northshire.example');
    await page.getByRole('link', { name: 'Risk response settings' }).click();
    await expectAccessible(page);
    await page.getByLabel('Police-recorded incidents in 12 months that meet the MARAC escalation criterion').fill('4');
    await page.getByRole('button', { name: 'Save the threshold' }).click();
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Escalation threshold saved');
    const newStep = page.getByRole('group', { name: 'Add a step' });
    await newStep.getByLabel('What should be done').fill('Offer a sanctuary scheme assessment');
    await newStep.getByLabel('Medium').check();
    await page.getByRole('button', { name: 'Save the minimum response' }).click();
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Minimum response saved');
    expect(await page.getByRole('group', { name: 'Step 9' }).getByLabel('What should be done').inputValue()).toBe(
      'Offer a sanctuary scheme assessment',
    );
    await expectAccessible(page);
    const stored = await run.t.dbs.owner
      .selectFrom('partnership')
      .select('escalation_incident_threshold')
      .where('code', '=', 'northshire')
      .executeTakeFirstOrThrow();
    expect(stored.escalation_incident_threshold).toBe(4);
    await context.close();
  });
});
