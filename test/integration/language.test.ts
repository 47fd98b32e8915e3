import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { PageClient } from '../support/http-client.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

describe('choosing English or Welsh', () => {
  it('offers Welsh on every page, and the choice returns to the same page and is remembered', async () => {
    const client = new PageClient(t.app);
    const english = await client.get('/sign-in');
    expect(english.body).toContain('<html lang="en"');
    expect(english.body).toContain('href="/language/cy?return=%2Fsign-in"');
    expect(english.body).toMatch(/hreflang="cy" lang="cy"/);

    const choose = await client.get('/language/cy?return=%2Fsign-in');
    expect(choose.statusCode).toBe(303);
    expect(choose.headers.location).toBe('/sign-in');

    const welsh = await client.get('/sign-in');
    expect(welsh.body).toContain('<html lang="cy"');
    expect(welsh.body).toContain('Data synthetig yn unig');
    expect(welsh.body).toContain('href="/language/en?return=%2Fsign-in"');
    expect(welsh.body).not.toContain('Synthetic data only');

    await client.get('/language/en?return=%2Fsign-in');
    expect((await client.get('/sign-in')).body).toContain('<html lang="en"');
  });

  it('never sends the visitor to another site, and knows only its own languages', async () => {
    const client = new PageClient(t.app);
    for (const back of ['//elsewhere.example/x', 'https://elsewhere.example', '/\\elsewhere.example', 'sign-in']) {
      const response = await client.get(`/language/cy?return=${encodeURIComponent(back)}`);
      expect(response.headers.location, back).toBe('/');
    }
    expect((await client.get('/language/fr?return=%2F')).statusCode).toBe(404);
    const unchanged = await client.get('/sign-in');
    expect(unchanged.body).toContain('<html lang="cy"');
  });
});
