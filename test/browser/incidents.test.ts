import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { expectAccessible, launchBrowser } from '../support/browser.ts';
import { issueApiToken, PageClient } from '../support/http-client.ts';
import { signedInPage } from './pages/sign-in-page.ts';
import { IncidentPages } from './pages/incident-pages.ts';
import '../../src/modules/worklists/tables.ts';

// A police officer records a call-out on a page, as it happens, against the force's own records of the
// people there: the form refuses what does not add up (and saves nothing), then records it whole.
let t: TestApp;
let browser: Browser;
beforeAll(async () => {
  t = await startTestApp({ listen: true });
  browser = await launchBrowser();
  const admin = new PageClient(t.app);
  await admin.signIn('admin@northshire.example');
  const token = await issueApiToken(admin, 'Northshire Police', 'Police records');
  // The force already holds the victim, her partner and her son from an earlier call-out (sent by its system).
  const sent = await t.app.inject({
    method: 'POST',
    url: '/api/v1/incidents',
    headers: { authorization: `Bearer ${token}` },
    payload: {
      sourceId: 'EARLIER-1',
      type: 'police-call-out',
      occurredOn: '2026-01-10',
      severity: 'medium',
      people: [
        { sourceId: 'P-V', role: 'victim', givenName: 'Odette', familyName: 'Parrish', dateOfBirth: '1990-02-03' },
        { sourceId: 'P-P', role: 'perpetrator', givenName: 'Silas', familyName: 'Parrish', dateOfBirth: '1988-05-06' },
        { sourceId: 'P-C', role: 'child', givenName: 'Milo', familyName: 'Parrish', dateOfBirth: '2017-09-01' },
      ],
      relationships: [
        { person: 'P-V', related: 'P-P', kind: 'partner' },
        { person: 'P-V', related: 'P-C', kind: 'child' },
      ],
    },
  });
  expect(sent.statusCode).toBe(201);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const incidentsAbout = async (familyName: string) =>
  (
    await sql<{ id: string }>`
    SELECT i.id FROM incident i JOIN person p ON p.id = i.person_id WHERE p.family_name = ${familyName}`.execute(
      t.dbs.owner,
    )
  ).rows;

describe('recording an incident on a page', () => {
  it(
    'from the home page: refuses what does not add up, saving nothing, then records it whole',
    { timeout: 180_000 },
    async () => {
      const page = await signedInPage(browser, t.baseUrl, 'police@northshire.example');
      const pages = new IncidentPages(page, t.baseUrl);
      await pages.startFromHome('Odette Parrish', 'Odette Parrish');

      // Nothing chosen: every question says what to do.
      const empty = await pages.record({});
      expect(empty).toEqual([
        'Select what kind of incident or contact it was',
        'Enter the date it happened',
        'Select this person’s role',
        'Select whether children were present',
      ]);
      // Children present, but nobody chosen as a child; an abuse incident with no severity.
      const wrong = await pages.record({
        kind: 'Police call-out (abuse incident)',
        date: [1, 11, 2026],
        role: 'Victim',
        children: 'Yes',
      });
      expect(wrong).toEqual(['Choose the child who was present from the people below, or answer no']);
      const ungraded = await pages.record({ others: { 'Milo Parrish, born 2017-09-01': 'Child' } });
      expect(ungraded).toEqual(['Select how severe the incident was']);
      expect(await incidentsAbout('Parrish')).toHaveLength(1); // only the earlier one: nothing half-saved

      const recorded = await pages.record({
        severity: 'High',
        others: { 'Silas Parrish, born 1988-05-06': 'Perpetrator' },
        narrative: 'Neighbour called; shouting heard.',
      });
      expect(recorded).toBeNull();
      const id = pages.incidentId();
      const text = (await page.getByTestId('incident').textContent()) ?? '';
      expect(text).toContain('Police call-out');
      expect(text).toContain('An abuse incident');
      expect(text).toContain('Neighbour called; shouting heard.');
      expect(await page.locator('main').textContent()).toContain('Milo Parrish');

      const saved = await t.dbs.owner
        .selectFrom('incident_involvement as x')
        .innerJoin('person as p', 'p.id', 'x.person_id')
        .select(['p.given_name', 'x.role'])
        .where('x.incident_id', '=', id)
        .orderBy('p.given_name')
        .execute();
      expect(saved).toEqual([
        { given_name: 'Milo', role: 'child' },
        { given_name: 'Odette', role: 'victim' },
        { given_name: 'Silas', role: 'perpetrator' },
      ]);
      // Audited once, against everyone it names; and the police's worklist has it (no checklist yet).
      const events = await t.dbs.owner
        .selectFrom('audit_event')
        .select(['id', 'outcome'])
        .where('action', '=', 'incident.record')
        .where('subject_id', '=', id)
        .execute();
      expect(events).toEqual([{ id: events[0]!.id, outcome: 'success' }]);
      const about = (
        await sql`SELECT person_id FROM audit_event_person WHERE event_id = ${events[0]!.id}`.execute(t.dbs.owner)
      ).rows;
      expect(about).toHaveLength(3);
      const items = await t.dbs.owner.selectFrom('worklist_item').select('kind').where('subject_id', '=', id).execute();
      expect(items.map((i) => i.kind)).toContain('incident-without-checklist');
      await page.context().close();
    },
  );

  it('is reachable from the person page, and only against the agency’s own record', { timeout: 120_000 }, async () => {
    const [victim] = await t.dbs.owner
      .selectFrom('person')
      .select('id')
      .where('family_name', '=', 'Parrish')
      .where('given_name', '=', 'Odette')
      .execute();
    const police = await signedInPage(browser, t.baseUrl, 'police@northshire.example');
    await police.goto(`${t.baseUrl}/people/${victim!.id}`);
    await police.getByRole('link', { name: 'Record an incident or contact' }).click();
    await police.getByRole('button', { name: 'Record it' }).waitFor();
    // The same form in Welsh, from the header's language link.
    await police.goto(`${t.baseUrl}/language/cy?return=/incidents/new/${victim!.id}`);
    await police.getByRole('heading', { level: 1, name: 'Cofnodi digwyddiad neu gyswllt' }).waitFor();
    await police.getByRole('button', { name: 'Cofnodi' }).click();
    expect(await police.locator('.govuk-error-summary').textContent()).toContain('Rhowch y dyddiad y digwyddodd');
    await expectAccessible(police);
    await police.context().close();

    const visitor = await signedInPage(browser, t.baseUrl, 'health.visitor@northshire.example');
    const refused = await visitor.goto(`${t.baseUrl}/incidents/new/${victim!.id}`);
    expect(refused!.status()).toBe(404);
    expect(await visitor.locator('main').textContent()).toContain('Your agency holds no record of this person');
    await visitor.context().close();
  });
});
