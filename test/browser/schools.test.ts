import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { expectAccessible, launchBrowser } from '../support/browser.ts';
import { startSmtpCapture } from '../support/smtp.ts';
import { actorByEmail } from '../support/actors.ts';
import { signedInPage } from './pages/sign-in-page.ts';
import { hashPassword } from '../../src/platform/auth/passwords.ts';
import { sealSecret } from '../../src/platform/auth/authenticator-secrets.ts';
import { DEMO_PASSWORD } from '../../tools/synthetic/demo-accounts.ts';
import { createSchoolJobs } from '../../src/modules/schools/jobs.ts';

// Schools are told, in a browser, from both sides: the administrator lists the school and its
// safeguarding contact, a police officer records the child's school, police record an incident the
// child was present at, and the school's contact follows the e-mail (captured by the test SMTP server)
// to the notice.
let t: TestApp;
let browser: Browser;
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
const DSL = { email: 'dsl.willow@northshire.example', secret: 'JBSWY3DPEHPK3PXPDSLWILLOW' };

beforeAll(async () => {
  smtp = await startSmtpCapture();
  t = await startTestApp({ listen: true, env: { SMTP_URL: smtp.url } });
  browser = await launchBrowser();
  const education = await t.dbs.owner
    .selectFrom('agency')
    .select(['id', 'partnership_id'])
    .where('name', '=', 'Northshire Schools Safeguarding')
    .executeTakeFirstOrThrow();
  await t.dbs.owner
    .insertInto('app_user')
    .values({
      partnership_id: education.partnership_id,
      agency_id: education.id,
      email: DSL.email,
      display_name: 'Wren Safeguarding Lead',
      role: 'practitioner',
      password_hash: await hashPassword(DEMO_PASSWORD),
      totp_secret: sealSecret(t.config.accounts.authenticatorKey, DSL.secret),
    })
    .execute();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
  await smtp?.close();
});

const as = (email: string, secret?: string) => signedInPage(browser, t.baseUrl, email, secret);

describe('schools are told', () => {
  it("a school's safeguarding contact receives the notice and reads it", { timeout: 180_000 }, async () => {
    const admin = await as('admin@northshire.example');
    await admin.goto(`${t.baseUrl}/admin/schools`);
    await admin.getByLabel('School name').fill('Willow Primary School');
    await admin.getByLabel('Unique reference number (URN)').fill('12');
    await admin.getByRole('button', { name: 'Add school' }).click();
    await expect(admin.locator('.govuk-error-summary').textContent()).resolves.toContain('6 digits');
    await expectAccessible(admin);
    await admin.getByLabel('Unique reference number (URN)').fill('300001');
    await admin.getByRole('button', { name: 'Add school' }).click();
    await admin.getByRole('heading', { name: 'Willow Primary School' }).waitFor();
    await admin.getByLabel('Email address of the contact').fill(DSL.email);
    await admin.getByRole('button', { name: 'Add contact' }).click();
    await admin.getByRole('cell', { name: 'Wren Safeguarding Lead', exact: true }).waitFor();
    await expectAccessible(admin);

    // The police's records hold the child and her mother.
    const police = await actorByEmail(t.dbs.owner, 'police@northshire.example');
    const person = async (given: string, dob: string) =>
      (
        await t.dbs.owner
          .insertInto('person')
          .values({
            partnership_id: police.partnershipId,
            agency_id: police.agencyId,
            given_name: given,
            family_name: 'Thornbury',
            date_of_birth: dob,
            created_by: police.userId,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const mother = await person('Casey', '1991-03-03');
    const child = await person('Ellis', '2017-10-10');

    const officer = await as('police@northshire.example');
    await officer.goto(`${t.baseUrl}/schools/children/${child}`);
    await officer.getByLabel('School').selectOption({ label: 'Willow Primary School' });
    await officer.getByRole('button', { name: 'Save' }).click();
    await officer.getByText('Recorded: Willow Primary School').waitFor();
    await expectAccessible(officer);

    // Police record an abuse incident the child was present at (as their records system would).
    const incident = await t.dbs.owner
      .insertInto('incident')
      .values({
        partnership_id: police.partnershipId,
        agency_id: police.agencyId,
        person_id: mother,
        occurred_on: '2026-11-29',
        kind: 'domestic-abuse',
        severity: 'high',
        police_recorded: true,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.dbs.owner
      .insertInto('incident_involvement')
      .values({
        incident_id: incident.id,
        person_id: child,
        partnership_id: police.partnershipId,
        agency_id: police.agencyId,
        role: 'child',
      })
      .execute();
    const jobs = createSchoolJobs(t.config, t.dbs.owner);
    await jobs.schedule();
    await jobs.runner.runDue();
    jobs.mailer.close();

    const mail = smtp.messages.find((m) => m.to.includes(DSL.email));
    expect(mail).toBeDefined();
    const body = mail!.raw.replace(/=\r?\n/g, '');
    expect(body).not.toContain('Thornbury');
    const link = /(http:\/\/\S+\/schools\/notices\/[0-9a-f-]{36})/.exec(body)![1]!;

    const dsl = await as(DSL.email, DSL.secret);
    await dsl.goto(link);
    await dsl.getByRole('heading', { name: 'Safeguarding notice' }).waitFor();
    const text = await dsl.locator('.govuk-summary-list').textContent();
    expect(text).toContain('Ellis Thornbury');
    expect(text).toContain('29 November 2026');
    expect(text).toContain('Police');
    expect(text).not.toContain('Casey');
    await expectAccessible(dsl);

    // The police officer is not the school's contact: the notice is not theirs to read.
    const response = await officer.goto(link);
    expect(response?.status()).toBe(404);
  });
});
