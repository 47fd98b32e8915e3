import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { expectAccessible, launchBrowser } from '../support/browser.ts';
import { startSmtpCapture } from '../support/smtp.ts';
import { signedInPage } from './pages/sign-in-page.ts';
import { MaracActionsPage, MaracCoordinatorPages, MaracReferralPage, MaracResearchPage } from './pages/marac-pages.ts';
import { hashPassword } from '../../src/platform/auth/passwords.ts';
import { sealSecret } from '../../src/platform/auth/authenticator-secrets.ts';
import { DEMO_PASSWORD } from '../../tools/synthetic/demo-accounts.ts';
import { createMaracJobs } from '../../src/modules/marac/routes.ts';
import '../../src/modules/marac/tables.ts';

// The full MARAC cycle in a browser: referral, acceptance, meeting, research by three agencies,
// actions agreed, one completed and one overdue-reminded by e-mail, a repeat referral flagged,
// and a transfer accepted by a second partnership. Every page visited passes axe-core.

let t: TestApp;
let browser: Browser;
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
const SV = { email: 'coordinator@southvale.example', secret: 'JBSWY3DPEHPK3PXPSCOORDAA' };
beforeAll(async () => {
  smtp = await startSmtpCapture();
  t = await startTestApp({ listen: true, env: { SMTP_URL: smtp.url } });
  browser = await launchBrowser();
  const sv = await t.dbs.owner
    .selectFrom('partnership')
    .select('id')
    .where('code', '=', 'southvale')
    .executeTakeFirstOrThrow();
  const team = await t.dbs.owner
    .selectFrom('agency')
    .select('id')
    .where('name', '=', 'Southvale Domestic Abuse Partnership Team')
    .executeTakeFirstOrThrow();
  await t.dbs.owner
    .insertInto('app_user')
    .values({
      partnership_id: sv.id,
      agency_id: team.id,
      email: SV.email,
      display_name: 'Sky Coordinator',
      role: 'marac-coordinator',
      password_hash: await hashPassword(DEMO_PASSWORD),
      totp_secret: sealSecret(t.config.accounts.authenticatorKey, SV.secret),
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
  await smtp?.close();
});

const dateParts = (offsetDays: number) => {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return { day: String(d.getUTCDate()), month: String(d.getUTCMonth() + 1), year: String(d.getUTCFullYear()) };
};

const as = (email: string, secret?: string) => signedInPage(browser, t.baseUrl, email, secret);

describe('the MARAC cycle', () => {
  it('runs from referral to transfer', { timeout: 240_000 }, async () => {
    const victim = { given: 'Quinn', family: 'Marlowe', day: '3', month: '9', year: '1985' };
    const housing = await as('housing@northshire.example');
    await housing.getByRole('link', { name: 'MARAC: referrals, meetings and actions' }).click();
    await expectAccessible(housing);
    await new MaracReferralPage(housing, t.baseUrl).refer(
      victim,
      'Disclosed strangulation to the housing officer',
      '2',
    );
    expect(await housing.getByTestId('my-referrals').textContent()).toContain('Awaiting the coordinator');

    const coordinator = await as('coordinator@northshire.example');
    const coord = new MaracCoordinatorPages(coordinator, t.baseUrl);
    await coord.acceptFirstReferral();
    await housing.reload();
    expect(await housing.getByTestId('my-referrals').textContent()).toContain('Accepted');

    const meetingId = await coord.scheduleMeeting(dateParts(0), 'Charlie Chair (Northshire Police)', [
      'Northshire Police',
      'Northshire Community Health Trust',
      'Northshire IDVA Service',
      'Northshire Housing',
    ]);
    expect(await coordinator.getByTestId('agenda').textContent()).toContain('Quinn Marlowe');

    const police = await as('police@northshire.example');
    await new MaracResearchPage(police, t.baseUrl).record(meetingId, {
      victim: 'Two call-outs, bail conditions breached',
    });
    const health = await as('health.visitor@northshire.example');
    await new MaracResearchPage(health, t.baseUrl).record(meetingId, { noTrace: true });
    const idva = await as('idva@northshire.example');
    await new MaracResearchPage(idva, t.baseUrl).record(meetingId, {
      victim: 'Wants to stay at home with a sanctuary scheme',
    });

    await coordinator.goto(`${t.baseUrl}/marac/meetings/${meetingId}/completeness`);
    await expectAccessible(coordinator);
    expect(await coordinator.getByTestId('by-agency').textContent()).toContain('Northshire Housing: 0 of 1 cases');

    const chair = await as('chair@northshire.example');
    await new MaracCoordinatorPages(chair, t.baseUrl).recordDiscussionAndActions(meetingId, [
      { agency: 'Northshire Police', description: 'Flag the address for urgent response', due: dateParts(7) },
      { agency: 'Northshire Community Health Trust', description: 'Review the children at home', due: dateParts(2) },
    ]);
    expect(await chair.getByTestId('victim-wishes').textContent()).toContain('sanctuary scheme');

    await new MaracActionsPage(police, t.baseUrl).completeFirst('Address flagged on the command system');

    // A day passes for the health action: the reminder job e-mails the agency, naming no one.
    await t.dbs.owner
      .updateTable('marac_action')
      .set({ due_on: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10) })
      .where('description', '=', 'Review the children at home')
      .execute();
    const jobs = createMaracJobs(t.config, t.dbs.owner);
    await jobs.scheduleDaily();
    await jobs.runner.runDue();
    jobs.mailer.close();
    const reminder = smtp.messages.find((m) => m.to.includes('health.visitor@northshire.example'));
    expect(reminder?.raw).toContain('MARAC actions past their due date');
    expect(reminder?.raw).not.toContain('Marlowe');
    await health.goto(`${t.baseUrl}/marac/actions`);
    await expectAccessible(health);
    expect(await health.getByTestId('action').textContent()).toContain('Overdue');

    await coordinator.goto(`${t.baseUrl}/marac/meetings/${meetingId}`);
    await coordinator.getByRole('button', { name: 'Mark the meeting as held' }).click();
    await coordinator.locator('h1').filter({ hasText: 'MARAC minutes' }).waitFor();
    await expectAccessible(coordinator);
    expect(await coordinator.getByTestId('minutes-info').textContent()).toContain('breaches of bail');

    // An agency not attending cannot open the agenda.
    const social = await as('social.worker@northshire.example');
    const refused = await social.goto(`${t.baseUrl}/marac/meetings/${meetingId}`);
    expect(refused?.status()).toBe(403);
    await expectAccessible(social);

    // Police refer the same victim again: a repeat, flagged to the coordinator.
    await new MaracReferralPage(police, t.baseUrl).refer(victim, 'New assault reported');
    expect(await police.locator('.govuk-notification-banner').textContent()).toContain('repeat');
    await coordinator.goto(`${t.baseUrl}/marac/repeats`);
    await expectAccessible(coordinator);
    expect(await coordinator.getByTestId('repeats').textContent()).toContain('Quinn Marlowe');

    // The victim moves: transfer to Southvale, whose coordinator accepts.
    await coordinator.goto(`${t.baseUrl}/marac/cases`);
    await expectAccessible(coordinator);
    await coordinator.getByRole('link', { name: 'Quinn Marlowe' }).click();
    await expectAccessible(coordinator);
    await coordinator.getByLabel('Partnership the victim has moved to').selectOption({ label: 'Southvale' });
    await coordinator.getByRole('button', { name: 'Send the transfer' }).click();
    await coordinator.getByTestId('outgoing').waitFor();
    await expectAccessible(coordinator);

    const southvale = await as(SV.email, SV.secret);
    await southvale.goto(`${t.baseUrl}/marac/transfers`);
    await expectAccessible(southvale);
    await southvale.getByTestId('incoming').getByRole('link').first().click();
    await expectAccessible(southvale);
    expect(await southvale.getByTestId('transfer-actions').textContent()).toContain('Review the children at home');
    await southvale.getByRole('button', { name: 'Accept the transfer' }).click();
    await southvale.locator('h1').filter({ hasText: 'Quinn Marlowe' }).waitFor();
    await expectAccessible(southvale);
    expect(await southvale.locator('main').textContent()).toContain('Transferred from Northshire');
    await coordinator.reload();
    expect(await coordinator.getByTestId('outgoing').textContent()).toContain('accepted');
  });
});
