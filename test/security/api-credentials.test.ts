import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { PageClient } from '../support/http-client.ts';

// An agency API credential used to work for ever, could not be revoked or
// rotated, and its uses were not audited.
let t: TestApp;
let admin: PageClient;
beforeAll(async () => {
  t = await startTestApp();
  admin = new PageClient(t.app);
  await admin.signIn('admin@northshire.example');
});
afterAll(async () => t?.close());

async function issue(label: string, expiresInDays = '30'): Promise<{ id: string; token: string }> {
  const page = await admin.get('/admin/api-credentials');
  const agencyId = /<option value="([0-9a-f-]{36})">Northshire Police<\/option>/.exec(page.body)![1]!;
  const issued = await admin.post('/admin/api-credentials', { label, agencyId, expiresInDays });
  const token = /data-testid="api-token">([^<]+)</.exec(issued.body)![1]!;
  return { id: /^wpk_([0-9a-f-]{36})\./.exec(token)![1]!, token };
}

// An empty body is a 400 problem for a working credential and a 401 for one that does not work.
const use = async (token: string) =>
  (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/assessments',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: '{}',
    })
  ).statusCode;

const uses = async (id: string) =>
  (
    await sql<{
      outcome: string;
    }>`SELECT outcome FROM audit_event WHERE action = 'api-credential.use' AND subject_id = ${id} ORDER BY id`.execute(
      t.dbs.owner,
    )
  ).rows.map((r) => r.outcome);

describe('API credentials', () => {
  it('can be revoked, and every use is audited, allowed or refused', async () => {
    const { id, token } = await issue('Revocable system');
    expect(await use(token)).toBe(400);
    await admin.get('/admin/api-credentials');
    const revoked = await admin.post(`/admin/api-credentials/${id}/revoke`, {});
    expect(revoked.statusCode).toBe(303);
    expect(await use(token)).toBe(401);
    expect(await uses(id)).toEqual(['success', 'denied']);
    const listed = await admin.get('/admin/api-credentials');
    expect(listed.body).toContain('Revoked');
  });

  it('expire', async () => {
    const { id, token } = await issue('Short-lived system', '30');
    const stored = await t.dbs.owner
      .selectFrom('api_credential')
      .select('expires_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.expires_at.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect(stored.expires_at.getTime()).toBeLessThan(Date.now() + 31 * 86_400_000);
    expect(await use(token)).toBe(400);
    await sql`UPDATE api_credential SET expires_at = now() - interval '1 second' WHERE id = ${id}::uuid`.execute(
      t.dbs.owner,
    );
    expect(await use(token)).toBe(401);
  });

  it('rotate: the successor works at once, the old one for a day more', async () => {
    const old = await issue('Rotated system');
    await admin.get('/admin/api-credentials');
    const rotated = await admin.post(`/admin/api-credentials/${old.id}/rotate`, {});
    expect(rotated.statusCode).toBe(200);
    const token = /data-testid="api-token">([^<]+)</.exec(rotated.body)![1]!;
    expect(token).not.toBe(old.token);
    expect(await use(token)).toBe(400);
    expect(await use(old.token)).toBe(400);
    const stored = await t.dbs.owner
      .selectFrom('api_credential')
      .select('expires_at')
      .where('id', '=', old.id)
      .executeTakeFirstOrThrow();
    expect(stored.expires_at.getTime()).toBeLessThan(Date.now() + 86_400_000 + 60_000);
    await sql`UPDATE api_credential SET expires_at = now() - interval '1 second' WHERE id = ${old.id}::uuid`.execute(
      t.dbs.owner,
    );
    expect(await use(old.token)).toBe(401);
    expect(await use(token)).toBe(400);
  });

  it("another partnership's administrator cannot revoke or rotate one", async () => {
    const { id, token } = await issue('Northshire-only system');
    const other = new PageClient(t.app);
    await other.signIn('admin@southvale.example');
    await other.get('/admin/api-credentials');
    expect((await other.post(`/admin/api-credentials/${id}/revoke`, {})).statusCode).toBe(404);
    expect((await other.post(`/admin/api-credentials/${id}/rotate`, {})).statusCode).toBe(404);
    expect(await use(token)).toBe(400);
  });
});
