import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { issueApiToken, PageClient } from '../support/http-client.ts';
import { problemDocument } from '../../src/platform/api/problem.ts';

let t: TestApp;
let token: string;
beforeAll(async () => {
  t = await startTestApp();
  const admin = new PageClient(t.app);
  await admin.signIn('admin@northshire.example');
  token = await issueApiToken(admin, 'Northshire Police', 'Police records system');
});
afterAll(async () => t?.close());

const described = (url: string) => url.startsWith('/api/v') && url !== '/api/v1/openapi.json';
const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

describe('the OpenAPI document', () => {
  it('is generated from the routes: every API operation appears with its request, responses and problem format', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    const operations = t.app.routeTable.filter((r) => described(r.url));
    expect(operations.length).toBeGreaterThanOrEqual(3);
    for (const route of operations) {
      const op = doc.paths[openApiPath(route.url)]?.[route.method.toLowerCase()];
      expect(op, `${route.method} ${route.url} is in the document`).toBeDefined();
      expect(op.summary, `${route.method} ${route.url} has a summary`).toBeTruthy();
      if (route.method === 'POST')
        expect(op.requestBody, `${route.method} ${route.url} documents its body`).toBeDefined();
      const statuses = Object.keys(op.responses);
      expect(
        statuses.some((s) => s.startsWith('2')),
        `${route.method} ${route.url} documents a success`,
      ).toBe(true);
      expect(statuses).toContain('401');
      for (const status of statuses.filter((s) => /^[45]/.test(s))) {
        expect(
          JSON.stringify(op.responses[status]),
          `${route.method} ${route.url} ${status} is a problem document`,
        ).toContain('#/components/schemas/Problem');
      }
    }
    expect(doc.components.schemas.Problem.required).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'detail']),
    );
  });

  it('lists no page, only the API', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(Object.keys(doc.paths).every(described)).toBe(true);
  });

  it('is readable by people without JavaScript at /api/docs', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(page.statusCode).toBe(200);
    for (const route of t.app.routeTable.filter((r) => described(r.url)))
      expect(page.body).toContain(`${route.method} ${openApiPath(route.url)}`);
  });
});

describe('API errors are RFC 9457 problem documents', () => {
  const call = (method: 'GET' | 'POST', url: string, payload?: unknown, auth = true) =>
    t.app.inject({
      method,
      url,
      payload: payload as object,
      headers: auth ? { authorization: `Bearer ${token}` } : {},
    });

  it.each([
    ['no credential', () => call('POST', '/api/v1/assessments', {}, false), 401],
    ['an invalid body', () => call('POST', '/api/v1/assessments', { instrument: 7 }), 400],
    ['an unknown import run', () => call('GET', '/api/v1/incidents/imports/00000000-0000-4000-8000-000000000000'), 404],
    ['an unknown API path', () => call('GET', '/api/v1/nothing-here'), 404],
    ['an import with no incidents', () => call('POST', '/api/v1/incidents/import', { incidents: [] }), 400],
  ])('%s', async (_what, send, status) => {
    const response = await send();
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = problemDocument.parse(response.json());
    expect(body.status).toBe(status);
    expect(body.type).toBe(`/api/problems/${body.error}`);
  });

  it('names each invalid field by its path', async () => {
    const response = await call('POST', '/api/v1/assessments', {
      instrument: 'police-checklist@1',
      victim: { givenName: 'A' },
    });
    const paths = problemDocument.parse(response.json()).problems!.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['victim.familyName', 'answers']));
  });

  it('checks the credential before the body, so the API shape is not shown to the unauthenticated', async () => {
    expect((await call('POST', '/api/v1/assessments', { instrument: 7 }, false)).statusCode).toBe(401);
  });
});
