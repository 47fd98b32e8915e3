import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { expectAccessible, launchBrowser, newContext } from '../support/browser.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import { requireChecklist } from '../../src/modules/risk/instrument.ts';
import * as risk from '../../src/modules/risk/service.ts';

let t: TestApp;
let browser: Browser;
let personId: string;

beforeAll(async () => {
  t = await startTestApp({ listen: true });
  browser = await launchBrowser();
  const u = await t.dbs.owner
    .selectFrom('app_user')
    .select(['id', 'partnership_id', 'agency_id', 'role', 'display_name'])
    .where('email', '=', 'police@northshire.example')
    .executeTakeFirstOrThrow();
  const instrument = requireChecklist(t.app.instruments, 'police-checklist@1');
  const recorded = await risk.recordAssessment(
    t.dbs.app,
    { userId: u.id, partnershipId: u.partnership_id, agencyId: u.agency_id, role: u.role, displayName: u.display_name },
    instrument,
    {
      victim: { givenName: 'Ellis', familyName: 'Marsh', dateOfBirth: '1993-05-05' },
      answers: instrument.questions.map((q) => ({ questionId: q.id, answer: 'no' })),
      judgement: {
        victimView: null,
        judgementLevel: null,
        judgementReason: null,
        consentToShare: 'refused',
        childrenInHousehold: 0,
      },
      referToMarac: false,
      referralReason: null,
    },
  );
  personId = recorded.personId;
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function signedIn(email: string): Promise<Page> {
  const page = await (await newContext(browser, { javaScriptEnabled: false })).newPage();
  await new SignInPage(page, t.baseUrl).signInAs(email);
  return page;
}

describe('restricted details and emergency access, without JavaScript', () => {
  it('police record a safe address for the IDVA only; break-glass does not open it; a health visitor asks, the police approve one view; the lead sees the log', async () => {
    const police = await signedIn('police@northshire.example');
    await police.goto(`${t.baseUrl}/restricted-details/${personId}`);
    await expectAccessible(police);
    await police.getByLabel('Safe address').check();
    await police.getByLabel('Detail').fill('Flat 0, Example Court, XX1 1XX');
    await police.getByLabel('Northshire IDVA Service', { exact: true }).check();
    await police.getByRole('button', { name: 'Save restricted detail' }).click();
    expect(await police.getByTestId('restricted-details').textContent()).toContain('Flat 0, Example Court');

    await police.goto(`${t.baseUrl}/sharing-decisions/${personId}`);
    await police.getByRole('button', { name: 'Record decision' }).click();
    expect(await police.locator('.govuk-error-summary').textContent()).toContain(
      'Select the agency the information is shared with',
    );
    await expectAccessible(police);

    const visitor = await signedIn('health.visitor@northshire.example');
    await visitor.goto(`${t.baseUrl}/restricted-details/${personId}`);
    expect(await visitor.getByTestId('restricted-details').textContent()).toContain(
      'You cannot see any restricted details',
    );
    expect(await visitor.getByTestId('hidden-details').textContent()).toContain('Northshire Police');
    // Emergency access opens the records for an hour, never the restricted details.
    await visitor.goto(`${t.baseUrl}/break-glass/${personId}`);
    await expectAccessible(visitor);
    await visitor.getByLabel('Why do you need this now?').fill('Caller says she has fled and is in danger tonight');
    await visitor.getByRole('button', { name: 'Get emergency access' }).click();
    await visitor.goto(`${t.baseUrl}/restricted-details/${personId}`);
    expect(await visitor.locator('main').textContent()).not.toContain('Flat 0, Example Court');
    await visitor
      .getByLabel('Why do you need to see them?')
      .fill('Arranging a home visit: must not send anyone to the old address');
    await visitor.getByRole('button', { name: 'Ask to see restricted details' }).click();
    expect(await visitor.getByTestId('hidden-details').textContent()).toContain('You have asked to see them');
    await expectAccessible(visitor);

    // A holder decides before anything is shown.
    await police.goto(`${t.baseUrl}/restricted-requests`);
    await expectAccessible(police);
    await police.getByLabel('Approve one view').check();
    await police.getByRole('button', { name: 'Record decision' }).click();
    expect(await police.getByTestId('decided-requests').textContent()).toContain('Harper Visitor');
    await police.goto(`${t.baseUrl}/our-records-opened`);
    await expectAccessible(police);

    await visitor.goto(`${t.baseUrl}/restricted-details/${personId}`);
    await visitor.getByRole('link', { name: 'See the restricted details' }).click();
    expect(await visitor.getByTestId('approved-details').textContent()).toContain('Flat 0, Example Court');
    await expectAccessible(visitor);
    await visitor.reload();
    expect(await visitor.getByTestId('approved-details').textContent()).toContain(
      'You have no approved request to use',
    );

    const lead = await signedIn('lead.police@northshire.example');
    await lead.goto(`${t.baseUrl}/access-log/${personId}`);
    expect(await lead.getByTestId('access-log').textContent()).toContain('Harper Visitor');
    await expectAccessible(lead);
    await lead.goto(`${t.baseUrl}/access-alerts`);
    await expectAccessible(lead);
    await lead.goto(`${t.baseUrl}/break-glass-reviews`);
    await expectAccessible(lead);

    const admin = await signedIn('admin@northshire.example');
    await admin.goto(`${t.baseUrl}/admin/retention`);
    await expectAccessible(admin);
    await admin.goto(`${t.baseUrl}/admin/teams`);
    await expectAccessible(admin);
    await admin.getByRole('link', { name: 'Domestic Abuse Unit' }).click();
    expect(await admin.getByTestId('members').textContent()).toContain('Pat Constable');
    await expectAccessible(admin);
  }, 240_000); // many pages, each checked by axe, on a loaded machine
});
