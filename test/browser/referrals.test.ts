import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { expectAccessible, launchBrowser } from '../support/browser.ts';
import { startSmtpCapture } from '../support/smtp.ts';
import { actorByEmail } from '../support/actors.ts';
import { completedChecklist } from '../support/checklists.ts';
import { signedInPage } from './pages/sign-in-page.ts';
import { ReferralPages } from './pages/referral-pages.ts';
import { hashPassword } from '../../src/platform/auth/passwords.ts';
import { sealSecret } from '../../src/platform/auth/authenticator-secrets.ts';
import { DEMO_PASSWORD } from '../../tools/synthetic/demo-accounts.ts';
import { createReferralJobs, escalateOverdue } from '../../src/modules/referrals/jobs.ts';
import '../../src/modules/referrals/tables.ts';

// Referrals from both sides, in a browser: the practitioner makes one from a next step; the receiving
// agency finds it in its queue and accepts it, or its lead is told when nobody picked it up in time.
let t: TestApp;
let browser: Browser;
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
const IDVA_LEAD = { email: 'lead.idva@northshire.example', secret: 'JBSWY3DPEHPK3PXPIDVALEAD' };
beforeAll(async () => {
  smtp = await startSmtpCapture();
  t = await startTestApp({ listen: true, env: { SMTP_URL: smtp.url } });
  browser = await launchBrowser();
  const idva = await actorByEmail(t.dbs.owner, 'idva@northshire.example');
  await t.dbs.owner
    .insertInto('app_user')
    .values({
      partnership_id: idva.partnershipId,
      agency_id: idva.agencyId,
      email: IDVA_LEAD.email,
      display_name: 'Ira Lead',
      role: 'agency-lead',
      password_hash: await hashPassword(DEMO_PASSWORD),
      totp_secret: sealSecret(t.config.accounts.authenticatorKey, IDVA_LEAD.secret),
    })
    .execute();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
  await smtp?.close();
});

const as = (email: string, secret?: string) => signedInPage(browser, t.baseUrl, email, secret);
const visitorChecklist = async (familyName: string, childrenInHousehold: number) =>
  completedChecklist(
    t,
    await actorByEmail(t.dbs.owner, 'health.visitor@northshire.example'),
    { givenName: 'Jordan', familyName, dateOfBirth: '1992-06-14' },
    { childrenInHousehold },
  );

describe('referrals between services', () => {
  it(
    "a health visitor's children's-social-care referral arrives in the social worker's queue and is accepted",
    { timeout: 180_000 },
    async () => {
      const assessmentId = await visitorChecklist('Fenwick', 2);
      const visitor = await as('health.visitor@northshire.example');
      await new ReferralPages(visitor, t.baseUrl).referFromNextStep(assessmentId, 'refer-to-childrens-social-care', {
        agency: "Northshire Children's Services",
        reason: 'Two children present at the last incident',
      });

      const social = await as('social.worker@northshire.example');
      const receiver = new ReferralPages(social, t.baseUrl);
      await receiver.openQueue();
      expect(await social.getByTestId('received').textContent()).toContain('Northshire Community Health Trust');
      await receiver.openFirstReceived();
      expect(await social.locator('.govuk-caption-l').textContent()).toContain('Jordan Fenwick');
      const worker = (await actorByEmail(t.dbs.owner, 'social.worker@northshire.example')).displayName;
      await receiver.accept(worker);

      await visitor.goto(`${t.baseUrl}/assessments/${assessmentId}/next-steps`);
      expect(await visitor.getByTestId('referral-refer-to-childrens-social-care').textContent()).toContain(
        `accepted, allocated to ${worker}`,
      );
      await expectAccessible(visitor);
    },
  );

  it(
    'an IDVA referral not picked up in time is escalated to the IDVA service’s lead',
    { timeout: 180_000 },
    async () => {
      const assessmentId = await visitorChecklist('Ashgrove', 0);
      const visitor = await as('health.visitor@northshire.example');
      await new ReferralPages(visitor, t.baseUrl).referFromNextStep(assessmentId, 'refer-to-idva', {
        agency: 'Northshire IDVA Service',
        reason: 'High risk; needs an IDVA',
      });
      const referral = await t.dbs.owner
        .selectFrom('referral')
        .select(['id', 'due_at'])
        .where('assessment_id', '=', assessmentId)
        .executeTakeFirstOrThrow();

      // Time passes beyond the response time for high risk; the job runs.
      expect(await escalateOverdue(t.dbs.owner, new Date(referral.due_at.getTime() + 60_000))).toBe(1);
      await createReferralJobs(t.config, t.dbs.owner).runner.runDue();
      const mail = smtp.messages.find(
        (m) => m.to.includes(IDVA_LEAD.email) && m.raw.includes('not been accepted or declined'),
      );
      expect(mail).toBeDefined();
      expect(mail!.raw).not.toContain('Ashgrove');

      const lead = await as(IDVA_LEAD.email, IDVA_LEAD.secret);
      await new ReferralPages(lead, t.baseUrl).openQueue();
      expect(await lead.getByTestId('received').textContent()).toContain('Not picked up in time: escalated');

      await visitor.goto(`${t.baseUrl}/assessments/${assessmentId}/next-steps`);
      expect(await visitor.getByTestId('referral-refer-to-idva').textContent()).toContain(
        'not picked up in time (escalated)',
      );
    },
  );
});
