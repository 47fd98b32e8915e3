import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { PageClient } from '../support/http-client.ts';
import { securityFixtures, type SecurityFixtures } from '../security/fixtures.ts';

// What each main page costs the database: statements and transactions per request, counted on the
// app's connection. A count above the recorded one fails: a page that grows a query per row, reads
// the same thing twice or opens a second transaction shows here before it shows in production.
// Lower the number when a change makes a page cheaper. (The worklist, also on the home page, is two
// short reads on purpose: the actor's own items, then the agency's, each stopping at the first few;
// the worklist page also reads the list's answer times for reporting.)
//
// A request is one transaction: its first statement reads the session and sets the tenancy settings
// (session_open_scope), then come the page's reads and its audit event.

interface Budget {
  who: string;
  method?: 'GET' | 'POST';
  url: (f: SecurityFixtures) => string;
  form?: Record<string, string>;
  statements: number;
  /** The page is about a person or a case, so it writes one audit event. */
  audited?: boolean;
}

const PAGES: Record<string, Budget> = {
  home: { who: 'police@northshire.example', url: () => '/', statements: 5, audited: false },
  'person page': { who: 'health.visitor@northshire.example', url: (f) => `/people/${f.own.person}`, statements: 17 },
  'person search': {
    who: 'police@northshire.example',
    method: 'POST',
    url: () => '/people/search',
    form: { name: 'Fixture Own' },
    statements: 4,
  },
  'checklist result': {
    who: 'health.visitor@northshire.example',
    url: (f) => `/assessments/${f.own.assessment}`,
    statements: 21,
  },
  'MARAC agenda': {
    who: 'coordinator@northshire.example',
    url: (f) => `/marac/meetings/${f.own.maracMeeting}`,
    statements: 7,
  },
  "chair's view": {
    who: 'chair@northshire.example',
    url: (f) => `/marac/meetings/${f.own.maracMeeting}/cases/${f.own.maracCase}`,
    statements: 12,
  },
  worklist: { who: 'health.visitor@northshire.example', url: () => '/worklist', statements: 6 },
  'referral queue': { who: 'health.visitor@northshire.example', url: () => '/referrals', statements: 4 },
};

let t: TestApp;
let fixtures: SecurityFixtures;
const clients = new Map<string, PageClient>();

beforeAll(async () => {
  t = await startTestApp();
  fixtures = await securityFixtures(t);
  for (const who of new Set(Object.values(PAGES).map((p) => p.who))) {
    const client = new PageClient(t.app);
    await client.signIn(who);
    clients.set(who, client);
  }
}, 240_000);
afterAll(async () => t?.close());

async function visit(page: Budget) {
  const client = clients.get(page.who)!;
  const url = page.url(fixtures);
  const response = page.method === 'POST' ? await client.post(url, page.form ?? {}) : await client.get(url);
  expect(response.statusCode, url).toBe(200);
}

describe('statements and transactions per page', () => {
  for (const [name, page] of Object.entries(PAGES)) {
    it(`${name}: within its recorded statements, in one transaction with the session read`, async () => {
      await visit(page); // the first visit may warm caches (instruments, templates)
      t.dbs.statements.reset(true);
      await visit(page);
      const { statements, transactions, captured } = t.dbs.statements;
      const sent = captured!.map((c) => c.sql);
      // On failure, the statements the page sent, to see which one is new.
      const listing = `${name}: ${statements} statements, ${transactions} transactions\n${sent.map((s) => s.replace(/\s+/g, ' ').slice(0, 160)).join('\n')}`;
      expect(statements, listing).toBeLessThanOrEqual(page.statements);
      expect(transactions).toBe(1);
      expect(sent[0]).toMatch(/session_open_scope/);
      // A page read writes nothing but its audit event (the session's last-seen time is written at most once a minute).
      expect(sent.filter((s) => /audit_record/.test(s))).toHaveLength(page.audited === false ? 0 : 1);
      expect(sent.filter((s) => /^\s*(insert|update|delete|merge)\b/i.test(s))).toEqual([]);
    });
  }
});

describe('no query per linked record', () => {
  it("a perpetrator's page sends the same statements however many victims the records name", async () => {
    const { rows } = await sql<{ person_id: string; incident_id: string; agency_id: string; partnership_id: string }>`
      SELECT x.person_id, x.incident_id, x.agency_id, x.partnership_id FROM incident_involvement x
      JOIN agency g ON g.id = x.agency_id AND g.kind = 'police'
      WHERE x.role = 'perpetrator' ORDER BY x.incident_id LIMIT 1`.execute(t.dbs.owner);
    const perpetrator = rows[0]!;
    const page: Budget = {
      who: 'police@northshire.example',
      url: () => `/people/${perpetrator.person_id}`,
      statements: 99,
    };
    const count = async () => {
      await visit(page);
      t.dbs.statements.reset();
      await visit(page);
      return t.dbs.statements.statements;
    };
    const before = await count();
    // Three more victims on one of the perpetrator's incidents: other records of the same agency.
    const others = await sql<{ id: string }>`
      SELECT p.id FROM person p WHERE p.agency_id = ${perpetrator.agency_id} AND p.id <> ${perpetrator.person_id}
        AND NOT EXISTS (SELECT 1 FROM incident_involvement x WHERE x.incident_id = ${perpetrator.incident_id} AND x.person_id = p.id)
      ORDER BY p.id LIMIT 3`.execute(t.dbs.owner);
    expect(others.rows).toHaveLength(3);
    for (const other of others.rows)
      await sql`INSERT INTO incident_involvement (incident_id, person_id, partnership_id, agency_id, role)
        VALUES (${perpetrator.incident_id}, ${other.id}, ${perpetrator.partnership_id}, ${perpetrator.agency_id}, 'victim')`.execute(
        t.dbs.owner,
      );
    expect(await count()).toBe(before);
  });
});

describe('sessions', () => {
  it('a page read does not write the session again within the minute (its last-seen time stays)', async () => {
    const user = await t.dbs.owner
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', 'police@northshire.example')
      .executeTakeFirstOrThrow();
    const lastSeen = async () =>
      (await sql`SELECT last_seen_at FROM user_session WHERE user_id = ${user.id} ORDER BY 1`.execute(t.dbs.owner))
        .rows;
    await visit(PAGES.home!);
    const before = await lastSeen();
    await visit(PAGES.home!);
    await visit(PAGES['person search']!);
    expect(before.length).toBeGreaterThan(0);
    expect(await lastSeen()).toEqual(before);
  });
});
