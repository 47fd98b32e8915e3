import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { PageClient } from '../support/http-client.ts';
import { ROLES, type Role } from '../../src/db/schema.ts';
import { ROUTE_MATRIX, type RouteRule } from './route-matrix.ts';
import { securityFixtures, type SecurityFixtures } from './fixtures.ts';

let t: TestApp;
let f: SecurityFixtures;
beforeAll(async () => {
  t = await startTestApp();
  f = await securityFixtures(t);
});
afterAll(async () => t?.close());

const key = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
const urlFor = (route: string, rule: RouteRule, ids: Record<string, string>) =>
  route
    .replace(':id', rule.subject ? ids[rule.subject]! : 'x')
    .replace(':caseId', rule.caseSubject ? ids[rule.caseSubject]! : 'x')
    .replace('*', 'govuk-frontend.min.css');
const sentToSignIn = (r: LightMyRequestResponse) => r.statusCode === 303 && r.headers.location === '/sign-in';
const admitted = (r: LightMyRequestResponse) =>
  ![401, 403, 404].includes(r.statusCode) && !sentToSignIn(r) && r.statusCode < 500;
const routes = () =>
  Object.entries(ROUTE_MATRIX).map(([k, rule]) => ({ method: k.split(' ')[0]!, path: k.split(' ')[1]!, rule }));

async function clientFor(userId: string): Promise<PageClient> {
  const client = new PageClient(t.app);
  await client.actAs(userId);
  return client;
}

describe('authorisation matrix (every route x every role x own / other agency / other partnership)', () => {
  it('has a decision for every route, and no decision without a route', () => {
    const registered = new Set(t.app.routeTable.map(key));
    expect(
      [...registered].filter((r) => !(r in ROUTE_MATRIX)),
      'routes with no entry in test/security/route-matrix.ts',
    ).toEqual([]);
    expect(
      Object.keys(ROUTE_MATRIX).filter((r) => !registered.has(r)),
      'entries with no route',
    ).toEqual([]);
  });

  it('sends the unauthenticated to sign in (pages) or refuses them (API)', async () => {
    for (const { method, path, rule } of routes()) {
      if (rule.who === 'public') continue;
      const anonymous = new PageClient(t.app);
      await anonymous.get('/sign-in');
      const response = await anonymous.send(method, urlFor(path, rule, f.own));
      if (rule.who === 'api') expect(response.statusCode, `${method} ${path}`).toBe(401);
      else expect(sentToSignIn(response), `${method} ${path} -> ${response.statusCode}`).toBe(true);
    }
  });

  it('admits exactly the roles allowed, in their own partnership, and hides other partnerships’ records', async () => {
    for (const role of ROLES) {
      let client = await clientFor(f.usersByRole[role]);
      for (const { method, path, rule } of routes()) {
        if (rule.who === 'public' || (rule.endsSession && method === 'POST')) continue;
        const label = `${role}: ${method} ${path}`;
        const response = await client.send(method, urlFor(path, rule, f.own));
        if (rule.who === 'api') {
          expect(response.statusCode, `${label} with a browser session`).toBe(401);
          continue;
        }
        const allowed = rule.who === 'any' || rule.who.includes(role as Role);
        if (!allowed) {
          expect(response.statusCode, label).toBe(403);
          continue;
        }
        if (rule.ownerAgencyOnly && role !== 'practitioner') {
          expect(response.statusCode, `${label}: not the owning agency`).toBe(404);
          continue;
        }
        expect(admitted(response), `${label} -> ${response.statusCode}`).toBe(true);
        if (rule.subject) {
          const foreign = await client.send(method, urlFor(path, rule, f.otherPartnership));
          expect(foreign.statusCode, `${label} on another partnership's record`).toBe(404);
        }
      }
      // Routes that end the session go last, then the client is discarded.
      for (const { method, path, rule } of routes().filter((r) => r.rule.endsSession && r.method === 'POST')) {
        const response = await client.send(method, urlFor(path, rule, f.own));
        expect(response.statusCode, `${role}: ${method} ${path}`).toBe(303);
        client = await clientFor(f.usersByRole[role]);
      }
    }
  }, 240_000); // every route x every role: minutes on a loaded 2-core machine

  it('applies the other-agency rule to each record route', async () => {
    const client = await clientFor(f.otherAgencyPractitioner);
    for (const { method, path, rule } of routes().filter((r) => r.rule.otherAgency)) {
      const response = await client.send(method, urlFor(path, rule, f.own));
      expect(admitted(response), `${method} ${path} by another agency -> ${response.statusCode}`).toBe(
        rule.otherAgency === 'allow',
      );
    }
  });

  it('audits each view of a person or case exactly once (audit completeness)', async () => {
    for (const { method, path, rule } of routes().filter((r) => r.rule.audited)) {
      const role = rule.who === 'any' ? 'practitioner' : (rule.who as readonly Role[])[0]!;
      const client = await clientFor(f.usersByRole[role as Role]);
      const response = await client.send(method, urlFor(path, rule, f.own));
      expect(admitted(response), `${method} ${path}`).toBe(true);
      const events = await t.dbs.owner
        .selectFrom('audit_event')
        .select(['subject_id', 'outcome'])
        .where('request_id', '=', String(response.headers['x-request-id']))
        .execute();
      expect(events, `${method} ${path}`).toHaveLength(1);
      expect(events[0]!.subject_id, `${method} ${path}`).toBe(f.own[rule.auditSubject ?? rule.subject!]);
    }
  });

  it('requires every GET route with a record id to say whether it is audited', () => {
    const undecided = routes().filter(
      (r) =>
        r.method === 'GET' &&
        r.path.includes(':') &&
        r.rule.audited === undefined &&
        r.path !== '/admin/agencies/:id/edit',
    );
    // (an agency is an organisation, not a person or case)
    expect(undecided.map((r) => r.path)).toEqual([]);
  });
});
