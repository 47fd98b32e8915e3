import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { PageClient } from '../support/http-client.ts';
import { actorByEmail, addAdministrator } from '../support/actors.ts';
import { asActor } from '../../src/db/tenancy.ts';

// An administrator could make a second lead in their own agency to approve
// their own break-glass, or make anyone an administrator, alone. Now one
// administrator asks and another decides, and every step is shown and audited.
let t: TestApp;
let first: PageClient;
let second: PageClient;
beforeAll(async () => {
  t = await startTestApp();
  const admin = await actorByEmail(t.dbs.owner, 'admin@northshire.example');
  const secondId = await addAdministrator(t.dbs.owner, admin, 'second.admin@northshire.example', 'Second Admin');
  first = new PageClient(t.app);
  await first.signIn('admin@northshire.example');
  second = new PageClient(t.app);
  await second.actAs(secondId);
});
afterAll(async () => t?.close());

const roleOf = async (email: string) =>
  (await t.dbs.owner.selectFrom('app_user').select('role').where('email', '=', email).executeTakeFirstOrThrow()).role;
const changeId = (body: string) => /\/admin\/role-changes\/([0-9a-f-]{36})\/approve/.exec(body)?.[1];

async function askForRole(admin: PageClient, email: string, role: string) {
  const user = await actorByEmail(t.dbs.owner, email);
  await admin.get(`/admin/users/${user.userId}/edit`);
  return admin.post(`/admin/users/${user.userId}`, {
    displayName: user.displayName,
    agencyId: user.agencyId,
    role,
    active: 'yes',
  });
}

describe('granting agency lead or administrator', () => {
  it('is only asked for by one administrator, and applies when another approves', async () => {
    const asked = await askForRole(first, 'police@northshire.example', 'agency-lead');
    expect(asked.headers.location).toBe('/admin/users?asked=role');
    expect(await roleOf('police@northshire.example')).toBe('practitioner');

    // The one who asked sees it but cannot decide it, even by posting directly.
    const own = await first.get('/admin/users');
    expect(own.body).toContain('Waiting for approval');
    expect(own.body).toContain('Another administrator decides');
    expect(changeId(own.body)).toBeUndefined();
    const id = (
      await sql<{ id: string }>`SELECT id FROM privileged_change WHERE status = 'waiting'`.execute(t.dbs.owner)
    ).rows[0]!.id;
    expect((await first.post(`/admin/role-changes/${id}/approve`, {})).statusCode).toBe(404);
    expect(await roleOf('police@northshire.example')).toBe('practitioner');

    // The other administrator approves.
    const theirs = await second.get('/admin/users');
    expect(changeId(theirs.body)).toBe(id);
    expect((await second.post(`/admin/role-changes/${id}/approve`, {})).headers.location).toBe('/admin/users');
    expect(await roleOf('police@northshire.example')).toBe('agency-lead');
    expect((await first.get('/admin/users')).body).toMatch(/Approved by Second Admin/);
    const actions = (
      await sql<{ action: string; outcome: string }>`
        SELECT action, outcome FROM audit_event WHERE action LIKE 'user.role.%' ORDER BY id`.execute(t.dbs.owner)
    ).rows;
    expect(actions).toEqual([
      { action: 'user.role.request', outcome: 'success' },
      { action: 'user.role.approve', outcome: 'denied' },
      { action: 'user.role.approve', outcome: 'success' },
    ]);
  });

  it('a refusal leaves the role as it was', async () => {
    await askForRole(second, 'housing@northshire.example', 'administrator');
    const id = changeId((await first.get('/admin/users')).body)!;
    expect((await first.post(`/admin/role-changes/${id}/refuse`, {})).statusCode).toBe(303);
    expect(await roleOf('housing@northshire.example')).toBe('practitioner');
    expect((await second.get('/admin/users')).body).toMatch(/Refused by/);
  });

  it('a new user cannot be added as an agency lead or administrator', async () => {
    const form = await first.get('/admin/users/new');
    const agencyId = /<option value="([0-9a-f-]{36})">/.exec(form.body)![1]!;
    const response = await first.post('/admin/users', {
      displayName: 'Shadow Lead',
      email: 'shadow.lead@northshire.example',
      agencyId,
      role: 'agency-lead',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('need a second administrator’s approval');
    expect(
      await t.dbs.owner
        .selectFrom('app_user')
        .select('id')
        .where('email', '=', 'shadow.lead@northshire.example')
        .executeTakeFirst(),
    ).toBeUndefined();
  });

  it('the app role itself cannot grant either role, bypassing the pages', async () => {
    const admin = await actorByEmail(t.dbs.owner, 'admin@northshire.example');
    const idva = await actorByEmail(t.dbs.owner, 'idva@northshire.example');
    for (const role of ['agency-lead', 'administrator'])
      await expect(
        asActor(t.dbs.app, admin, (tx) =>
          sql`UPDATE app_user SET role = ${role} WHERE id = ${idva.userId}::uuid`.execute(tx),
        ),
      ).rejects.toThrow(/second administrator/);
    await expect(
      asActor(t.dbs.app, admin, (tx) =>
        sql`INSERT INTO app_user (partnership_id, agency_id, email, display_name, role)
          VALUES (${admin.partnershipId}::uuid, ${admin.agencyId}::uuid, 'direct@northshire.example', 'Direct', 'administrator')`.execute(
          tx,
        ),
      ),
    ).rejects.toThrow(/second administrator/);
    // Nor approve its own request through the database function.
    const asked = await asActor(t.dbs.app, admin, (tx) =>
      sql<{ id: string }>`SELECT privileged_change_request(${idva.userId}::uuid, 'agency-lead') AS id`.execute(tx),
    );
    const decided = await asActor(t.dbs.app, admin, (tx) =>
      sql<{ o: string | null }>`SELECT privileged_change_decide(${asked.rows[0]!.id}::uuid, true) AS o`.execute(tx),
    );
    expect(decided.rows[0]!.o).toBeNull();
    expect(await roleOf('idva@northshire.example')).toBe('practitioner');
  });
});
