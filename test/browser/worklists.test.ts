import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { launchBrowser } from '../support/browser.ts';
import { issueApiToken, PageClient } from '../support/http-client.ts';
import { actorByEmail } from '../support/actors.ts';
import { completedChecklist } from '../support/checklists.ts';
import { signedInPage } from './pages/sign-in-page.ts';
import { WorklistPages } from './pages/worklist-pages.ts';
import '../../src/modules/worklists/tables.ts';

// Worklists from both sides, in a browser: agencies' record systems send what they see as it happens;
// the police lead and the lead agency for a cumulative concern find it on their lists and close it
// only with an outcome (and, for cumulative concern, a decision a checklist does not make for them).
let t: TestApp;
let browser: Browser;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestApp({ listen: true });
  browser = await launchBrowser();
  const admin = new PageClient(t.app);
  await admin.signIn('admin@northshire.example');
  for (const agency of [
    'Northshire Police',
    'Northshire Community Health Trust',
    'Northshire General Hospital',
    'Northshire Housing',
  ])
    tokens[agency] = await issueApiToken(admin, agency, `${agency} records`);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const as = (email: string) => signedInPage(browser, t.baseUrl, email);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const record = async (agency: string, sourceId: string, type: string, days: number, familyName: string) => {
  const sent = await t.app.inject({
    method: 'POST',
    url: '/api/v1/incidents',
    headers: { authorization: `Bearer ${tokens[agency]}` },
    payload: {
      sourceId,
      type,
      occurredOn: daysAgo(days),
      severity: 'medium',
      people: [
        { sourceId: `V-${familyName}`, role: 'victim', givenName: 'Quinn', familyName, dateOfBirth: '1991-10-10' },
      ],
    },
  });
  expect(sent.statusCode).toBe(201);
};

describe('worklists', () => {
  it(
    'three police call-outs with no checklist put items on the police lead’s list, and closing one needs an outcome',
    { timeout: 180_000 },
    async () => {
      const lead = await as('lead.police@northshire.example');
      const worklist = new WorklistPages(lead, t.baseUrl);
      const before = await worklist.openHome();
      for (const n of [21, 14, 7]) await record('Northshire Police', `CALL-${n}`, 'police-call-out', n, 'Marwood');
      const after = await worklist.openHome();
      // Each call-out: one item on the agency's list and one on the lead's; the third also meets potential escalation.
      expect(after.total).toBe(before.total + 7);
      expect(after.text).toContain('Abuse incident with no risk checklist');
      expect(after.text).toContain('Domestic abuse lead');

      await worklist.openFirst('Abuse incident with no risk checklist');
      const refused = await worklist.close('Close the item', { outcome: '' });
      expect(refused).toContain('Record the outcome');
      expect(await worklist.close('Close the item', { outcome: 'Officer to complete a checklist today' })).toBeNull();
      expect((await worklist.openHome()).total).toBe(after.total - 1);
      const closed = await t.dbs.owner
        .selectFrom('worklist_item')
        .select('outcome')
        .where('outcome', '=', 'Officer to complete a checklist today')
        .execute();
      expect(closed).toHaveLength(1);
    },
  );

  it(
    'GP, A&E and housing contacts with no checklist raise a cumulative-concern item that a medium checklist does not silently close',
    { timeout: 180_000 },
    async () => {
      await record('Northshire Community Health Trust', 'GP-1', 'gp-disclosure', 40, 'Selwyn');
      await record('Northshire Community Health Trust', 'GP-2', 'gp-disclosure', 25, 'Selwyn');
      await record('Northshire General Hospital', 'AE-1', 'a-and-e-attendance', 15, 'Selwyn');
      await record('Northshire Housing', 'HO-1', 'housing-report', 5, 'Selwyn');
      // A practitioner confirms the three agencies' records are one person.
      const ids = (
        await t.dbs.owner
          .selectFrom('person')
          .select('id')
          .where('family_name', '=', 'Selwyn')
          .orderBy('created_at')
          .execute()
      ).map((p) => p.id);
      const partnership = (await actorByEmail(t.dbs.owner, 'admin@northshire.example')).partnershipId;
      for (const other of ids.slice(1)) {
        const [a, b] = [ids[0]!, other].sort();
        await t.dbs.owner
          .insertInto('person_link')
          .values({
            partnership_id: partnership,
            person_a: a!,
            person_b: b!,
            probability: 0.99,
            weight: 12,
            status: 'confirmed',
          })
          .onConflict((oc) => oc.columns(['person_a', 'person_b']).doUpdateSet({ status: 'confirmed' }))
          .execute();
      }

      // The lead agency (the most contacts: health) finds it on its list.
      const visitor = await as('health.visitor@northshire.example');
      const worklist = new WorklistPages(visitor, t.baseUrl);
      expect((await worklist.openHome()).text).toContain('Cumulative concern');
      // Housing, which is not the lead agency, does not have it.
      const housing = await as('housing@northshire.example');
      expect((await new WorklistPages(housing, t.baseUrl).openHome()).text).not.toContain('Cumulative concern');

      const checklist = await completedChecklist(
        t,
        await actorByEmail(t.dbs.owner, 'health.visitor@northshire.example'),
        { givenName: 'Quinn', familyName: 'Selwyn', dateOfBirth: '1991-10-10' },
        { yes: 10 },
      );
      expect(
        (
          await t.dbs.owner
            .selectFrom('assessment')
            .select('level')
            .where('id', '=', checklist)
            .executeTakeFirstOrThrow()
        ).level,
      ).toBe('medium');
      await worklist.openFirst('Cumulative concern: several agencies, nobody owns the risk');
      expect(await visitor.getByText('A checklist does not close this item').count()).toBe(1);
      const undecided = await worklist.close('Record the decision and close', { outcome: 'Medium checklist done' });
      expect(undecided).toContain('Select the decision');
      expect(
        await worklist.close('Record the decision and close', {
          decision: 'The lead agency manages the risk (checklist done, plan agreed)',
          outcome: 'Health visitor leads; safety plan agreed with the victim',
        }),
      ).toBeNull();
      expect((await worklist.openHome()).text).not.toContain('Cumulative concern');
    },
  );
});
