import type { Page } from 'playwright-core';
import { expectAccessible } from '../../support/browser.ts';

/** Page objects for what follows a risk checklist: the household, next steps and the risk management plan. */
export class HouseholdPage {
  constructor(private readonly page: Page) {}

  async add(person: {
    who: 'The person causing harm' | 'A child in the household' | 'Another household member';
    givenName: string;
    familyName?: string;
    dateOfBirth?: [string, string, string];
  }) {
    await this.page.getByLabel(person.who).check();
    await this.page.getByLabel('First name').fill(person.givenName);
    await this.page.getByLabel('Last name').fill(person.familyName ?? '');
    const [day, month, year] = person.dateOfBirth ?? ['', '', ''];
    await this.page.getByLabel('Day').fill(day);
    await this.page.getByLabel('Month').fill(month);
    await this.page.getByLabel('Year').fill(year);
    await this.page.getByRole('button', { name: 'Add to the household' }).click();
    await this.page.locator('h1').filter({ hasText: 'Who is in the household' }).waitFor();
  }

  async continueToChecklist() {
    await expectAccessible(this.page);
    await this.page.getByRole('button', { name: 'Continue to the checklist' }).click();
  }
}

export class NextStepsPage {
  constructor(private readonly page: Page) {}

  private step(label: string) {
    return this.page.getByRole('group', { name: label, exact: true });
  }

  async record(label: string, outcome: 'Done' | 'Declined' | 'Not applicable', reason?: string) {
    await this.step(label).getByLabel(outcome, { exact: true }).check();
    if (reason !== undefined) await this.page.getByLabel(`Reason or note for: ${label}`).fill(reason);
  }

  async save() {
    await this.page.getByRole('button', { name: 'Save the outcomes' }).click();
  }
}

export class RiskPlanPage {
  constructor(private readonly page: Page) {}

  async fillDate(legend: string, iso: string, nth = 0) {
    const [year, month, day] = iso.split('-');
    const group = this.page.getByRole('group', { name: legend }).nth(nth);
    await group.getByLabel('Day').fill(String(Number(day)));
    await group.getByLabel('Month').fill(String(Number(month)));
    await group.getByLabel('Year').fill(year!);
  }

  async fillPlan(plan: { agreedOn: string; reviewOn: string; owner: string }) {
    await this.fillDate('Date the plan was agreed', plan.agreedOn);
    await this.page.getByLabel('Agency that owns the plan').fill(plan.owner);
    await this.fillDate('Review the plan by', plan.reviewOn);
  }

  async fillAction(
    index: number,
    action: {
      category: 'Remove' | 'Avoid' | 'Reduce' | 'Accept';
      risk: string;
      what: string;
      owner: string;
      reviewOn: string;
      rationale?: string;
    },
  ) {
    const group = this.page.getByRole('group', { name: `Action ${index + 1}`, exact: true });
    await group.getByLabel(action.category, { exact: true }).check();
    await group.getByLabel('Risk this action addresses').fill(action.risk);
    await group.getByLabel('What will be done').fill(action.what);
    await group.getByLabel('Agency responsible').fill(action.owner);
    const [year, month, day] = action.reviewOn.split('-');
    const date = group.getByRole('group', { name: 'Review this action by' });
    await date.getByLabel('Day').fill(String(Number(day)));
    await date.getByLabel('Month').fill(String(Number(month)));
    await date.getByLabel('Year').fill(year!);
    if (action.rationale) await group.getByLabel('Why this risk is accepted (accept only)').fill(action.rationale);
  }

  async save() {
    await this.page.getByRole('button', { name: 'Save the plan' }).click();
  }
}
