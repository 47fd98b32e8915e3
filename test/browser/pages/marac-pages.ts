import type { Page } from 'playwright-core';
import { expectAccessible } from '../../support/browser.ts';

// Page objects for the MARAC pages: each method does what a person would, and checks the page it lands on is accessible.

export class MaracReferralPage {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  async refer(
    victim: { given: string; family: string; day: string; month: string; year: string },
    reason: string,
    children = '1',
  ): Promise<void> {
    await this.page.goto(`${this.baseUrl}/marac/referrals/new`);
    await expectAccessible(this.page);
    await this.page.getByLabel('Victim’s first name').fill(victim.given);
    await this.page.getByLabel('Victim’s last name').fill(victim.family);
    await this.page.getByLabel('Day').fill(victim.day);
    await this.page.getByLabel('Month').fill(victim.month);
    await this.page.getByLabel('Year').fill(victim.year);
    await this.page.getByLabel('Reason for referring').fill(reason);
    await this.page.getByLabel('Children in the household').fill(children);
    await this.page.getByLabel('Yes, consent given').check();
    await this.page.getByRole('button', { name: 'Send the referral' }).click();
    await this.page.getByTestId('my-referrals').waitFor();
    await expectAccessible(this.page);
  }
}

export class MaracCoordinatorPages {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  async acceptFirstReferral(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/marac/referrals`);
    await expectAccessible(this.page);
    await this.page
      .getByTestId('queue')
      .getByRole('link', { name: /^Decide/ })
      .first()
      .click();
    await this.page.locator('h1').filter({ hasText: 'Decide a MARAC referral' }).waitFor();
    await expectAccessible(this.page);
    await this.page.locator('input[name="riskLevel"][value="high"]').check();
    await this.page.getByLabel('Case summary for the meeting').fill('Escalating threats since the separation');
    await this.page.locator('input[name="victimSex"][value="female"]').check();
    for (const name of ['victimBme', 'victimLgbt', 'victimDisabled'])
      await this.page.locator(`input[name="${name}"][value="no"]`).check();
    await this.page.getByRole('button', { name: 'Accept the referral' }).click();
    await this.page.locator('h1').filter({ hasText: 'MARAC referrals' }).waitFor();
  }

  async scheduleMeeting(
    on: { day: string; month: string; year: string },
    chair: string,
    agencies: string[],
    capacity = '10',
  ): Promise<string> {
    await this.page.goto(`${this.baseUrl}/marac/meetings/new`);
    await expectAccessible(this.page);
    await this.page.getByLabel('Day').fill(on.day);
    await this.page.getByLabel('Month').fill(on.month);
    await this.page.getByLabel('Year').fill(on.year);
    await this.page.getByLabel('Chair').selectOption({ label: chair });
    await this.page.getByLabel('Number of cases the meeting can take').fill(capacity);
    for (const agency of agencies) await this.page.getByLabel(agency, { exact: true }).check();
    await this.page.getByRole('button', { name: 'Schedule the meeting' }).click();
    await this.page.locator('h1').filter({ hasText: 'MARAC agenda' }).waitFor();
    await this.page.getByRole('button', { name: 'Add waiting cases in priority order' }).click();
    await this.page.getByTestId('agenda').waitFor();
    await expectAccessible(this.page);
    return /\/marac\/meetings\/([0-9a-f-]{36})/.exec(this.page.url())![1]!;
  }

  async recordDiscussionAndActions(
    meetingId: string,
    actions: { agency: string; description: string; due: { day: string; month: string; year: string } }[],
  ): Promise<void> {
    await this.page.goto(`${this.baseUrl}/marac/meetings/${meetingId}`);
    await this.page
      .getByRole('link', { name: /^Chair’s view/ })
      .first()
      .click();
    await this.page.locator('h2').filter({ hasText: 'Research from each agency' }).waitFor();
    await expectAccessible(this.page);
    await this.page.getByLabel('Information shared').fill('Police shared two breaches of bail conditions');
    await this.page.getByLabel('Decisions').fill('Sanctuary scheme; flag the address');
    await this.page.getByRole('button', { name: 'Save the discussion' }).click();
    for (const a of actions) {
      await this.page.getByLabel('Owner agency').selectOption({ label: a.agency });
      await this.page.getByLabel('Action', { exact: true }).fill(a.description);
      await this.page.getByLabel('Day').fill(a.due.day);
      await this.page.getByLabel('Month').fill(a.due.month);
      await this.page.getByLabel('Year').fill(a.due.year);
      await this.page.getByRole('button', { name: 'Add the action' }).click();
      await this.page.getByTestId('actions').filter({ hasText: a.description }).waitFor();
    }
    await expectAccessible(this.page);
  }
}

export class MaracResearchPage {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  async record(meetingId: string, research: { victim?: string; noTrace?: boolean }): Promise<void> {
    await this.page.goto(`${this.baseUrl}/marac/meetings/${meetingId}`);
    await expectAccessible(this.page);
    await this.page
      .getByRole('link', { name: /^Record research/ })
      .first()
      .click();
    await this.page.locator('h1').filter({ hasText: 'Your agency’s research' }).waitFor();
    await expectAccessible(this.page);
    if (research.noTrace) await this.page.getByLabel('No trace: my agency holds nothing on this household').check();
    if (research.victim) await this.page.getByLabel('What your agency knows about the victim').fill(research.victim);
    await this.page.getByRole('button', { name: 'Save research' }).click();
    await this.page
      .getByRole('link', { name: /^Update research/ })
      .first()
      .waitFor();
  }
}

export class MaracActionsPage {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  async completeFirst(note: string): Promise<void> {
    await this.page.goto(`${this.baseUrl}/marac/actions`);
    await expectAccessible(this.page);
    await this.page.getByTestId('action').first().getByLabel('What was done').fill(note);
    await this.page.getByTestId('action').first().getByRole('button', { name: 'Mark as completed' }).click();
    await this.page.locator('.govuk-notification-banner').filter({ hasText: 'Action completed' }).waitFor();
    await expectAccessible(this.page);
  }
}
