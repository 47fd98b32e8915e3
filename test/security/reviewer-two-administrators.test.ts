import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { PageClient } from '../support/http-client.ts';
import { actorByEmail, addAdministrator } from '../support/actors.ts';
import { asActor, type Actor } from '../../src/db/tenancy.ts';

// The designated safeguarding reviewer approves restricted details and break-glass where an agency has no
// lead. One administrator could choose them alone (a friend, or an account of their own making). Now one
// administrator asks and another approves, and both steps are shown to the partnership's administrators and audited.
let t: TestApp;
let first: PageClient;
let second: PageClient;
let admin: Actor;
beforeAll(async () => {
  t = await startTestApp();
  admin = await actorByEmail(t.dbs.owner, 'admin@northshire.example');
  const secondId = await addAdministrator(t.dbs.owner, admin, 'second.admin@northshire.example', 'Second Admin');
  first = new PageClient(t.app);
  await first.signIn('admin@northshire.example');
  second = new PageClient(t.app);
  await second.actAs(secondId);
});
afterAll(async () => t?.close());

const reviewer = async () =>
  (
    await sql<{
      user_id: string;
    }>`SELECT user_id FROM safeguarding_reviewer WHERE partnership_id = ${admin.partnershipId}::uuid`.execute(
      t.dbs.owner,
    )
  ).rows[0]?.user_id;
const changeId = (body: string) => /\/admin\/role-changes\/([0-9a-f-]{36})\/approve/.exec(body)?.[1];

describe('choosing the designated safeguarding reviewer', () => {
  it('is not done by one administrator alone: it waits for another, who approves it', async () => {
    const before = await reviewer();
    const idva = await actorByEmail(t.dbs.owner, 'idva@northshire.example');
    expect(idva.userId).not.toBe(before);
    await first.get('/admin/teams');
    const asked = await first.post('/admin/safeguarding-reviewer', { userId: idva.userId });
    expect(asked.headers.location).toBe('/admin/teams?asked=reviewer');
    // One administrator's choice changes nothing yet.
    expect(await reviewer()).toBe(before);
    const teams = (await first.get('/admin/teams')).body;
    expect(teams).toMatch(/data-testid="reviewer-waiting">[^<]*Another administrator must approve it/);
    // The one who asked cannot decide it, even by posting directly.
    const own = await first.get('/admin/users');
    expect(own.body).toContain('Designated safeguarding reviewer');
    expect(changeId(own.body)).toBeUndefined();
    const id = (
      await sql<{
        id: string;
      }>`SELECT id FROM privileged_change WHERE role = 'safeguarding-reviewer' AND status = 'waiting'`.execute(
        t.dbs.owner,
      )
    ).rows[0]!.id;
    expect((await first.post(`/admin/role-changes/${id}/approve`, {})).statusCode).toBe(404);
    expect(await reviewer()).toBe(before);

    // The other administrator sees it and approves.
    expect(changeId((await second.get('/admin/users')).body)).toBe(id);
    expect((await second.post(`/admin/role-changes/${id}/approve`, {})).headers.location).toBe('/admin/users');
    expect(await reviewer()).toBe(idva.userId);
    expect((await first.get('/admin/teams')).body).toMatch(
      /data-testid="reviewer">[^<]*is the partnership’s designated/,
    );
    const events = (
      await sql<{ action: string; outcome: string; subject_id: string | null }>`
        SELECT action, outcome, subject_id FROM audit_event WHERE action LIKE 'safeguarding-reviewer.%' OR action = 'user.role.approve'
        ORDER BY id`.execute(t.dbs.owner)
    ).rows;
    expect(events).toEqual([
      { action: 'safeguarding-reviewer.request', outcome: 'success', subject_id: idva.userId },
      { action: 'user.role.approve', outcome: 'denied', subject_id: null },
      { action: 'safeguarding-reviewer.approve', outcome: 'success', subject_id: idva.userId },
    ]);
  });

  it('refuses someone who does not work cases, at the asking and in the database', async () => {
    const analyst = await actorByEmail(t.dbs.owner, 'analyst@northshire.example');
    await first.get('/admin/teams');
    expect((await first.post('/admin/safeguarding-reviewer', { userId: analyst.userId })).statusCode).toBe(400);
    const asked = await asActor(
      t.dbs.app,
      admin,
      async (tx) =>
        (
          await sql<{
            id: string | null;
          }>`SELECT privileged_change_request(${analyst.userId}::uuid, 'safeguarding-reviewer') AS id`.execute(tx)
        ).rows[0]!.id,
    );
    expect(asked).toBeNull();
  });

  it('the app role itself cannot designate or change the reviewer, bypassing the pages', async () => {
    const police = await actorByEmail(t.dbs.owner, 'police@northshire.example');
    await expect(
      asActor(t.dbs.app, admin, (tx) =>
        tx
          .insertInto('safeguarding_reviewer')
          .values({ partnership_id: admin.partnershipId, user_id: police.userId, designated_by: admin.userId })
          .onConflict((oc) =>
            oc.column('partnership_id').doUpdateSet({ user_id: police.userId, designated_by: admin.userId }),
          )
          .execute(),
      ),
    ).rejects.toThrow(/permission denied|row-level security/);
    await expect(
      asActor(t.dbs.app, admin, (tx) =>
        tx.updateTable('safeguarding_reviewer').set({ user_id: police.userId }).execute(),
      ),
    ).rejects.toThrow(/permission denied|row-level security/);
    expect(await reviewer()).not.toBe(police.userId);
  });
});
