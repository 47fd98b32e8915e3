import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { launchBrowser } from '../support/browser.ts';
import { signedInPage } from './pages/sign-in-page.ts';
import { englishMessagesOf, LanguageChoice } from './pages/language-pages.ts';
import { loadLivingDemo } from '../../tools/synthetic/living-demo/index.ts';

// The main pages of the platform, home, people, access and MARAC in Welsh: the language chosen from the header
// on one page returns to that page, every page is marked lang="cy", passes axe, and shows none of the English.

let t: TestApp;
let browser: Browser;
const english = englishMessagesOf(['platform', 'home', 'people', 'access', 'marac']);

beforeAll(async () => {
  t = await startTestApp({ listen: true });
  await loadLivingDemo(t.dbs);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const northshire = () =>
  t.dbs.owner.selectFrom('partnership').select('id').where('code', '=', 'northshire').executeTakeFirstOrThrow();

describe('the service in Welsh', () => {
  it('has English to look for', () => expect(english.length).toBeGreaterThan(200));

  it('a practitioner switches to Cymraeg on the search page, stays there, and reads home, search and a person in Welsh', async () => {
    const page = await signedInPage(browser, t.baseUrl, 'police@northshire.example');
    const language = new LanguageChoice(page);
    await page.goto(`${t.baseUrl}/people/search`);
    await language.chooseWelsh();
    expect(new URL(page.url()).pathname).toBe('/people/search');
    await language.expectWelsh(english);

    await page.getByLabel('Enw').fill('Marsh');
    await page.getByRole('button', { name: 'Chwilio' }).click();
    await page.getByTestId('result-count').waitFor();
    await language.expectWelsh(english);

    await page.goto(`${t.baseUrl}/`);
    await language.expectWelsh(english);

    const partnership = await northshire();
    const person = await t.dbs.owner
      .selectFrom('person')
      .innerJoin('agency', 'agency.id', 'person.agency_id')
      .select('person.id')
      .where('person.partnership_id', '=', partnership.id)
      .where('agency.kind', '=', 'police')
      .executeTakeFirstOrThrow();
    await page.goto(`${t.baseUrl}/people/${person.id}`);
    await page.getByRole('heading', { name: 'Cronoleg ar draws asiantaethau' }).waitFor();
    await language.expectWelsh(english);

    // The choice is remembered for e-mails too.
    const user = await t.dbs.owner
      .selectFrom('app_user')
      .select('preferred_language')
      .where('email', '=', 'police@northshire.example')
      .executeTakeFirstOrThrow();
    expect(user.preferred_language).toBe('cy');
  });

  it('an agency lead reads who has looked at a person, in Welsh', async () => {
    const page = await signedInPage(browser, t.baseUrl, 'lead.police@northshire.example');
    const partnership = await northshire();
    const person = await t.dbs.owner
      .selectFrom('person')
      .select('id')
      .where('partnership_id', '=', partnership.id)
      .executeTakeFirstOrThrow();
    await page.goto(`${t.baseUrl}/access-log/${person.id}`);
    await new LanguageChoice(page).chooseWelsh();
    await page.getByTestId('access-log').waitFor();
    await new LanguageChoice(page).expectWelsh(english);
  });

  it('the MARAC coordinator reads the agenda and a case in Welsh', async () => {
    const page = await signedInPage(browser, t.baseUrl, 'coordinator@northshire.example');
    const language = new LanguageChoice(page);
    const partnership = await northshire();
    const meeting = await t.dbs.owner
      .selectFrom('marac_meeting')
      .select('id')
      .where('partnership_id', '=', partnership.id)
      .where('status', '=', 'scheduled')
      .executeTakeFirstOrThrow();
    await page.goto(`${t.baseUrl}/marac/meetings/${meeting.id}`);
    await language.chooseWelsh();
    await page.getByRole('heading', { name: 'Agenda MARAC' }).waitFor();
    await language.expectWelsh(english);

    const theCase = await t.dbs.owner
      .selectFrom('marac_case')
      .select('id')
      .where('partnership_id', '=', partnership.id)
      .where('status', '=', 'open')
      .executeTakeFirstOrThrow();
    await page.goto(`${t.baseUrl}/marac/cases/${theCase.id}`);
    await page.getByText('Achos MARAC').first().waitFor();
    await language.expectWelsh(english);
  });
});
