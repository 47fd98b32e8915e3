import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { sql } from 'kysely';
import type { Role } from '../../src/db/schema.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { expectAccessible, launchBrowser } from '../support/browser.ts';
import { signedInPage } from './pages/sign-in-page.ts';
import { englishOf, LanguageChoice } from './pages/language-pages.ts';
import { catalogueFiles } from '../../src/platform/language/catalogues.ts';
import { loadLivingDemo } from '../../tools/synthetic/living-demo/index.ts';
import { ROUTE_MATRIX, type RouteRule } from '../security/route-matrix.ts';
import { ROLE_EMAILS as EMAILS, securityFixtures, type SecurityFixtures } from '../security/fixtures.ts';

// Every signed-in page of the route matrix, with the living demo and the security sweep's records loaded, read
// once in English and once in Welsh by a role allowed to see it: each passes axe, and the Welsh one is marked
// lang="cy" and shows none of the English of any catalogue. A page added to the matrix is walked without more work.

// Who reads a page that several roles may see: the first of these the rule allows (the practitioner holds the
// fixture records an owner-only route needs).
const PREFERENCE: readonly Role[] = [
  'practitioner',
  'marac-coordinator',
  'agency-lead',
  'marac-chair',
  'partnership-analyst',
  'administrator',
];

/** Why a signed-in GET route is not walked as a page. */
const NOT_PAGES: Record<string, string> = {
  'GET /access-log/:id/report.csv': 'a download, not a page: no HTML for axe or a lang attribute',
  'GET /access-log/:id/report.xlsx': 'a download, not a page',
  'GET /exports/checklists.csv': 'a download, not a page',
  'GET /exports/checklists.xlsx': 'a download, not a page',
  'GET /marac/return.csv': 'a download, not a page',
  'GET /marac/return.xlsx': 'a download, not a page',
};
// Not in the walk at all, because they are public or for machines: the static assets and /health (no page text),
// the API routes (JSON for agency systems, not pages), /language/:code (a redirect back, exercised by choosing
// Cymraeg), and the public sign-in and account set-up pages (walked before a session exists, by their own tests).
const signedInPageRoute = (rule: RouteRule) => rule.who !== 'public' && rule.who !== 'api';

// Invented records whose words happen to be a catalogue message: the living demo's coordinator wrote an action
// in the default next step's English. What people write is shown as written, in any language.
const DATA_IN_CATALOGUE_WORDS: Record<string, string[]> = {
  'GET /marac/meetings/:id/cases/:caseId': ['Agree a safety plan with the victim'],
};

let t: TestApp;
let f: SecurityFixtures;
let browser: Browser;
const english = englishOf(catalogueFiles().map((c) => c.owner));

const withoutDataOf = (route: string) => {
  const data = DATA_IN_CATALOGUE_WORDS[route] ?? [];
  return { ...english, sentences: english.sentences.filter((s) => !data.includes(s)) };
};

interface Visit {
  route: string;
  url: string;
}

function roleFor(rule: RouteRule): Role {
  const allowed = rule.who === 'any' ? PREFERENCE : (rule.who as readonly Role[]);
  const role = PREFERENCE.find((r) => allowed.includes(r));
  if (!role) throw new Error('no role may read this page');
  return role;
}

function visitsByRole(ids: Record<string, string>): Map<Role, Visit[]> {
  const byRole = new Map<Role, Visit[]>();
  for (const [route, rule] of Object.entries(ROUTE_MATRIX)) {
    const [method, path] = route.split(' ') as [string, string];
    if (method !== 'GET' || !signedInPageRoute(rule) || route in NOT_PAGES) continue;
    const url = path
      .replace(':id', rule.subject ? ids[rule.subject]! : 'x')
      .replace(':caseId', rule.caseSubject ? ids[rule.caseSubject]! : 'x');
    const role = roleFor(rule);
    byRole.set(role, [...(byRole.get(role) ?? []), { route, url }]);
  }
  return byRole;
}

beforeAll(async () => {
  t = await startTestApp({ listen: true });
  await loadLivingDemo(t.dbs);
  f = await securityFixtures(t);
  // The sweep's handover fixture is another agency's user; the lead hands over someone of their own agency.
  f.own.ownAgencyUser = (
    await t.dbs.owner
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', 'police@northshire.example')
      .executeTakeFirstOrThrow()
  ).id;
  browser = await launchBrowser();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function open(page: Page, visit: Visit): Promise<void> {
  const response = await page.goto(`${t.baseUrl}${visit.url}`);
  expect(response?.status(), visit.route).toBeLessThan(400);
  expect(response?.headers()['content-type'], visit.route).toContain('text/html');
}

describe('every signed-in page, in English and in Welsh', () => {
  it('has English to look for', () => {
    expect(english.sentences.length).toBeGreaterThan(1000);
    expect(english.short.length).toBeGreaterThan(100);
  });

  it('walks each page as a role allowed to see it: axe in English; lang="cy", axe and no English in Welsh', async () => {
    const ids = { ...f.own };
    const byRole = visitsByRole(ids);
    byRole.set(
      'agency-lead',
      byRole
        .get('agency-lead')!
        .map((v) =>
          v.route === 'GET /handover/users/:id' ? { ...v, url: `/handover/users/${ids.ownAgencyUser}` } : v,
        ),
    );
    // Every page's problems, not only the first page's, so one run lists all there is to fix.
    const problems: string[] = [];
    const check = async (label: string, step: () => Promise<void>) =>
      step().catch((error: Error) => problems.push(`${label}: ${error.message.split('\n').slice(0, 12).join(' ')}`));
    // The chair reads the case at its meeting with the longest chronology too: the sweep's case has none.
    const withChronology = await sql<{ meeting_id: string; case_id: string }>`
      SELECT mc.meeting_id, mc.case_id FROM marac_meeting_case mc
      JOIN marac_case c ON c.id = mc.case_id
      JOIN marac_meeting m ON m.id = mc.meeting_id
      JOIN app_user u ON u.id = m.chair_user_id
      WHERE u.email = ${EMAILS['marac-chair']}
      ORDER BY (SELECT count(*) FROM incident i WHERE i.person_id = c.person_id)
        + (SELECT count(*) FROM assessment a WHERE a.person_id = c.person_id AND a.status = 'completed') DESC
      LIMIT 1`.execute(t.dbs.owner);
    const chaired = withChronology.rows[0]!;
    byRole.set('marac-chair', [
      ...(byRole.get('marac-chair') ?? []),
      {
        route: 'GET /marac/meetings/:id/cases/:caseId',
        url: `/marac/meetings/${chaired.meeting_id}/cases/${chaired.case_id}`,
      },
    ]);
    let walked = 0;
    for (const [role, visits] of byRole) {
      const page = await signedInPage(browser, t.baseUrl, EMAILS[role]);
      for (const visit of visits)
        await check(`${role} ${visit.route} (English)`, async () => {
          await open(page, visit);
          await expectAccessible(page);
        });
      // Chosen once, on the first page; the choice is remembered for the rest of the walk.
      const language = new LanguageChoice(page);
      await open(page, visits[0]!);
      await language.chooseWelsh();
      for (const visit of visits)
        await check(`${role} ${visit.route} (Welsh)`, async () => {
          await open(page, visit);
          await language.expectWelsh(withoutDataOf(visit.route));
          walked++;
        });
      await page.context().close();
    }
    expect(problems).toEqual([]);
    expect(walked).toBeGreaterThan(60);
  }, 600_000);
});
