import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import '../../src/modules/access/tables.ts';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { expectAccessible, launchBrowser, newContext } from '../support/browser.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import { MatchPage, PersonPage, PersonSearchPage } from './pages/people-pages.ts';

let t: TestApp;
let browser: Browser;
beforeAll(async () => {
  t = await startTestApp({ listen: true });
  browser = await launchBrowser();
  // Kelly's police and hospital records: both agencies have recorded that the IDVA may see them in full
  // (risk of serious harm), as their leads would at /sharing-decisions. Without it the IDVA sees a signpost.
  const idva = await t.dbs.owner
    .selectFrom('agency')
    .select(['id', 'partnership_id'])
    .where('name', '=', 'Northshire IDVA Service')
    .executeTakeFirstOrThrow();
  const lead = await t.dbs.owner
    .selectFrom('app_user')
    .select(['id'])
    .where('email', '=', 'lead.police@northshire.example')
    .executeTakeFirstOrThrow();
  // Each agency decides for its own record (the hospital has no demo user: its decision is written as its lead would).
  for (const sourceId of ['NP-P-5501', 'GH-MRN-40021']) {
    const person = (
      await sql<{
        id: string;
        agency_id: string;
      }>`SELECT id, agency_id FROM person WHERE source_id = ${sourceId}`.execute(t.dbs.owner)
    ).rows[0]!;
    await t.dbs.owner
      .insertInto('sharing_decision')
      .values({
        partnership_id: idva.partnership_id,
        person_id: person.id,
        agency_id: idva.id,
        level: 'full',
        basis: 'risk-of-serious-harm',
        note: 'High risk: the IDVA needs the full picture',
        recorded_by: lead.id,
        recorded_by_agency_id: person.agency_id,
      })
      .execute();
  }
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('a practitioner brings two agencies’ records of one woman together', () => {
  it('confirms a suggested match, sees both agencies’ incidents in one chronology, and undoes the link', async () => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await new SignInPage(page, t.baseUrl).signInAs('idva@northshire.example');
    await page.getByRole('link', { name: 'Find a person' }).click();
    await expectAccessible(page);
    expect(page.url()).toBe(`${t.baseUrl}/people/search`);

    const search = new PersonSearchPage(page);
    await search.searchByName('Kely Marsh');
    // The search went by POST: no name in the address.
    expect(page.url()).toBe(`${t.baseUrl}/people/search`);
    await search.open('Kelly Marsh');
    await expectAccessible(page);
    const person = new PersonPage(page);
    expect(await person.chronology()).toContain('Crime recorded');
    expect(await person.chronology()).not.toContain('A&E attendance');
    expect(await person.links()).toContain('To review');
    expect(await page.title()).toBe('Person – Whole Picture');

    await person.reviewMatch();
    const match = new MatchPage(page);
    expect(await match.explanation()).toContain('Date of birth');
    await match.confirmSamePerson();
    await expectAccessible(page);
    expect(await person.banner()).toContain('Link confirmed');
    const joined = await person.chronology();
    expect(joined).toContain('A&E attendance');
    expect(joined).toContain('Northshire General Hospital');
    expect(joined).toContain('Crime recorded');
    expect(joined).toContain('Northshire Police');
    expect(await person.flags()).toContain('Cumulative concern');

    await person.openConfirmedLink();
    await match.undoLink();
    await expectAccessible(page);
    expect(await person.banner()).toContain('Link undone');
    const apart = await person.chronology();
    expect(Boolean(apart?.includes('A&E attendance') && apart.includes('Crime recorded'))).toBe(false);
    await context.close();
  });
});
