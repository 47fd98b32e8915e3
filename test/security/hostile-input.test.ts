import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { PageClient } from '../support/http-client.ts';
import { bodyProblem } from '../../src/platform/plugins/input-guards.ts';
import { ROUTE_MATRIX } from './route-matrix.ts';

// Input an attacker sends without signing in (or with an ordinary account)
// is refused with a 400, before any handler, and never reaches a 500.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

// About 20 KB: nesting deep enough to overflow a recursive walk such as JSON.stringify.
const deep = '{"a":'.repeat(4_000) + '1' + '}'.repeat(4_000);
const deepArray = '['.repeat(10_000) + ']'.repeat(10_000);

const cookiesOf = (client: PageClient) =>
  (client as unknown as { headers(): Record<string, string> }).headers().cookie ?? '';

const postRoutes = Object.keys(ROUTE_MATRIX)
  .filter((k) => k.startsWith('POST '))
  .map((k) => k.slice(5).replace(/:[a-zA-Z]+/g, '00000000-0000-0000-0000-000000000000'));

describe('hostile bodies', () => {
  it('a 20 KB deeply nested JSON body is a 400 on every POST route, signed in or not', async () => {
    expect(deep.length).toBeGreaterThan(20_000);
    const signedIn = new PageClient(t.app);
    await signedIn.signIn('police@northshire.example');
    const cookie = cookiesOf(signedIn);
    for (const url of postRoutes) {
      for (const payload of [deep, deepArray]) {
        for (const headers of [
          { 'content-type': 'application/json' },
          { 'content-type': 'application/json', cookie },
        ]) {
          const response = await t.app.inject({ method: 'POST', url, payload, headers });
          expect([400, 404, 415], `${url}: ${response.statusCode}`).toContain(response.statusCode);
          if (response.statusCode !== 404) expect(response.statusCode).toBe(400);
        }
      }
    }
  }, 120_000);

  it('a form value that is not text is refused with a clear error, not a failure while rendering', async () => {
    const client = new PageClient(t.app);
    await client.signIn('admin@northshire.example');
    await client.get('/admin/users/new');
    for (const body of [
      { _csrf: client.csrf, displayName: { toString: 1 } },
      { _csrf: client.csrf, toString: 1 },
      { _csrf: client.csrf, toString: 'x' },
      { _csrf: client.csrf, email: ['a', { b: 1 }] },
      { _csrf: client.csrf, displayName: 5 },
    ]) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/admin/users',
        payload: JSON.stringify(body),
        headers: { 'content-type': 'application/json', cookie: cookiesOf(client) },
      });
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('There is a problem with your request');
    }
  });

  it('NUL is still refused in forms and the API', async () => {
    const anon = await t.app.inject({
      method: 'POST',
      url: '/api/v1/assessments',
      payload: JSON.stringify({ a: 'x\u0000' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(anon.statusCode).toBe(400);
    expect(anon.json()).toMatchObject({ error: 'invalid-request' });
  });

  it('the body check walks without recursion and passes ordinary forms', () => {
    expect(bodyProblem(JSON.parse(deep), true)).toBe('not-a-form-value');
    expect(bodyProblem(JSON.parse(deep), false)).toBe('too-deep');
    expect(bodyProblem({ name: 'x', tags: ['a', 'b'] }, true)).toBeNull();
    expect(bodyProblem({ nested: { list: [1, 2, { ok: true }] } }, false)).toBeNull();
    expect(bodyProblem({ list: Array.from({ length: 30_000 }, () => 1) }, false)).toBe('too-large');
  });
});

describe('assets', () => {
  it('a missing file and a traversal attempt get the same 404', async () => {
    // The same page apart from the per-request values (request id, CSP nonce, CSRF token).
    const same = (html: string) =>
      html
        .replace(/[0-9a-f-]{36}/g, '')
        .replace(/nonce="[^"]*"/g, '')
        .replace(/name="_csrf" value="[^"]*"/g, '');
    const missing = await t.app.inject({ method: 'GET', url: '/assets/no-such-file.css' });
    expect(missing.statusCode).toBe(404);
    for (const url of [
      '/assets/../package.json',
      '/assets/..%2f..%2fpackage.json',
      '/assets/..%2F..%2F..%2Fetc%2Fpasswd',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/assets/moj/..%2f..%2fpackage.json',
      '/assets/.env',
      '/assets/fonts/..%5c..%5cpackage.json',
      '/assets/x%00.css',
    ]) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(404);
      expect(same(response.body), url).toBe(same(missing.body));
    }
    const real = await t.app.inject({ method: 'GET', url: '/assets/images/favicon.ico' });
    expect(real.statusCode).toBe(200);
  });
});
