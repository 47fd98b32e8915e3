import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { PageClient } from '../support/http-client.ts';
import type { Role } from '../../src/db/schema.ts';
import { ROUTE_MATRIX } from './route-matrix.ts';
import { securityFixtures, type SecurityFixtures } from './fixtures.ts';

// Every form and API endpoint gets generated bad input: never a 500, never a
// partial write. A refused request (4xx) must leave every table as it was.
let t: TestApp;
let f: SecurityFixtures;
beforeAll(async () => {
  t = await startTestApp();
  f = await securityFixtures(t);
});
afterAll(async () => t?.close());

const FIELDS = [
  'name',
  'kind',
  'active',
  'displayName',
  'email',
  'agencyId',
  'role',
  'label',
  'givenName',
  'familyName',
  'dateOfBirth-day',
  'dateOfBirth-month',
  'dateOfBirth-year',
  'instrument',
  'version',
  'action',
  'victimView',
  'judgementLevel',
  'judgementReason',
  'consentToShare',
  'childrenInHousehold',
  'reason',
  'answer-current-injury',
  'comment-current-injury',
  'code',
  'password',
  'partnership',
];

const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '99999999999',
    '1e400',
    'NaN',
    'null',
    'true',
    "'; DROP TABLE agency; --",
    '<script>alert(1)</script>',
    '00000000-0000-0000-0000-000000000000',
    'x'.repeat(5000),
    '\u0000',
    '../../etc/passwd',
    'high',
    'police',
    'administrator',
    'yes',
  ),
);
// Plausible answers for every field, so a generated form can get past validation and reach the database.
const PLAUSIBLE: Record<string, string> = {
  name: 'Fuzz Agency',
  kind: 'police',
  active: 'yes',
  displayName: 'Fuzz Person',
  email: 'fuzz@northshire.example',
  role: 'practitioner',
  label: 'Fuzz system',
  givenName: 'Fuzz',
  familyName: 'Person',
  'dateOfBirth-day': '1',
  'dateOfBirth-month': '2',
  'dateOfBirth-year': '1990',
  instrument: 'multi-agency-checklist@1',
  version: '1',
  victimView: 'view',
  judgementLevel: 'high',
  judgementReason: 'reason',
  consentToShare: 'given',
  childrenInHousehold: '1',
  reason: 'reason',
  code: '123456',
  password: 'password-password',
  partnership: 'northshire',
};
const withNul = Object.fromEntries(Object.entries(PLAUSIBLE).map(([k, v]) => [k, `${v}\u0000x`]));
const plausibleWith = fc.record(
  Object.fromEntries(Object.keys(PLAUSIBLE).map((k) => [k, fc.oneof(fc.constant(PLAUSIBLE[k]!), nasty)])),
);
const form = fc.oneof(
  plausibleWith,
  fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 12 })), nasty, { maxKeys: 12 }),
);

async function rowCounts(): Promise<Record<string, number>> {
  const { rows } = await sql<{
    table_name: string;
  }>`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
    AND table_name NOT IN ('audit_event', 'audit_event_person', 'user_session', 'schema_migration', 'schema_migration_lock')`.execute(
    t.dbs.owner,
  );
  const counts: Record<string, number> = {};
  for (const { table_name } of rows) {
    counts[table_name] = Number(
      (await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table_name)}`.execute(t.dbs.owner)).rows[0]!.n,
    );
  }
  return counts;
}

describe('fuzzing every form and API endpoint', () => {
  const postRoutes = Object.entries(ROUTE_MATRIX).filter(
    ([k, rule]) => k.startsWith('POST ') && !rule.endsSession && rule.who !== 'api',
  );

  it.each(postRoutes)('%s: no 500s, no partial writes', async (route, rule) => {
    const role: Role = rule.who === 'any' || rule.who === 'public' ? 'practitioner' : (rule.who as readonly Role[])[0]!;
    const client = new PageClient(t.app);
    await client.actAs(f.usersByRole[role]);
    const path = route
      .slice(5)
      .replace(':id', rule.subject ? f.own[rule.subject]! : 'x')
      .replace(':caseId', rule.caseSubject ? f.own[rule.caseSubject]! : 'x');
    await fc.assert(
      fc.asyncProperty(form, async (body) => {
        const before = await rowCounts();
        const response = await client.post(path, body);
        expect(response.statusCode, `${route} ${JSON.stringify(body).slice(0, 200)}`).toBeLessThan(500);
        expect(response.body).not.toMatch(/\bat .+\.ts:\d+/); // no stack trace
        if (response.statusCode >= 400) expect(await rowCounts()).toEqual(before);
      }),
      { numRuns: 25, examples: [[withNul], [{ ...PLAUSIBLE, name: 'ab\u0000cd' }]] },
    );
  });

  it('POST /api/v1/assessments: arbitrary JSON never causes a 500 or a write', async () => {
    const admin = new PageClient(t.app);
    await admin.actAs(f.usersByRole.administrator);
    const page = await admin.get('/admin/api-credentials');
    const agencyId = /<option value="([0-9a-f-]{36})">/.exec(page.body)![1]!;
    const issued = await admin.post('/admin/api-credentials', { label: 'Fuzz system', agencyId });
    const token = /data-testid="api-token">([^<]+)</.exec(issued.body)![1]!;
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record({
        instrument: fc.oneof(fc.constant('police-checklist@1'), fc.string()),
        victim: fc.jsonValue(),
        answers: fc.array(fc.record({ questionId: fc.string(), answer: fc.string() })),
        consentToShare: fc.jsonValue(),
        childrenInHousehold: fc.jsonValue(),
      }),
    );
    await fc.assert(
      fc.asyncProperty(body, async (payload) => {
        const before = await rowCounts();
        const response = await t.app.inject({
          method: 'POST',
          url: '/api/v1/assessments',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          payload: JSON.stringify(payload),
        });
        expect(response.statusCode, JSON.stringify(payload).slice(0, 200)).toBeLessThan(500);
        expect(response.statusCode).toBe(400);
        expect(response.json().error).toMatch(/invalid-request|bad-request/);
        expect(await rowCounts()).toEqual(before);
      }),
      { numRuns: 60 },
    );
  });
});
