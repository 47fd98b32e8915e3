import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { asActor, type Actor } from '../../src/db/tenancy.ts';
import * as adminRepository from '../../src/modules/admin/repository.ts';
import { actorByEmail } from '../support/actors.ts';

let t: TestApp;
let northshireAdmin: Actor;
let southvale: { partnershipId: string; agencyId: string; userId: string };

beforeAll(async () => {
  t = await startTestApp();
  const actorOf = (email: string) => actorByEmail(t.dbs.owner, email);
  northshireAdmin = await actorOf('admin@northshire.example');
  const s = await actorOf('police@southvale.example');
  southvale = { partnershipId: s.partnershipId, agencyId: s.agencyId, userId: s.userId };
});
afterAll(async () => t?.close());

describe('tenancy in the database', () => {
  it('a forged cross-partnership id read through the repository returns nothing', async () => {
    const agency = await asActor(t.dbs.app, northshireAdmin, (tx) =>
      adminRepository.findAgency(tx, southvale.partnershipId, southvale.agencyId),
    );
    expect(agency).toBeUndefined();
    const user = await asActor(t.dbs.app, northshireAdmin, (tx) =>
      adminRepository.findUser(tx, southvale.partnershipId, southvale.userId),
    );
    expect(user).toBeUndefined();
    // ...while the same call for its own partnership does find rows, so the test could fail.
    const own = await asActor(t.dbs.app, northshireAdmin, (tx) =>
      adminRepository.findAgency(tx, northshireAdmin.partnershipId, northshireAdmin.agencyId),
    );
    expect(own?.id).toBe(northshireAdmin.agencyId);
  });

  it('forging the actor’s partnership in a query cannot widen what row-level security shows', async () => {
    const rows = await asActor(t.dbs.app, northshireAdmin, (tx) =>
      tx.selectFrom('agency').select('partnership_id').execute(),
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.partnership_id))).toEqual(new Set([northshireAdmin.partnershipId]));
  });

  it('the app role with no identity set sees no rows at all, bypassing the application code', async () => {
    const counts = await t.dbs.app.transaction().execute(async (tx) => ({
      partnerships: (await sql`SELECT id FROM partnership`.execute(tx)).rows.length,
      agencies: (await sql`SELECT id FROM agency`.execute(tx)).rows.length,
      users: (await sql`SELECT id FROM app_user`.execute(tx)).rows.length,
    }));
    expect(counts).toEqual({ partnerships: 0, agencies: 0, users: 0 });
    const owner = (await sql`SELECT id FROM agency`.execute(t.dbs.owner)).rows.length;
    expect(owner).toBeGreaterThan(0);
  });

  it('the app role is not the owner and is not a superuser', async () => {
    const { rows } = await t.dbs.app.transaction().execute((tx) =>
      sql<{
        me: string;
        su: boolean;
        owner: string;
      }>`SELECT current_user AS me, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS su,
        (SELECT tableowner FROM pg_tables WHERE tablename = 'agency') AS owner`.execute(tx),
    );
    expect(rows[0]!.me).toBe('wholepicture_app');
    expect(rows[0]!.su).toBe(false);
    expect(rows[0]!.owner).not.toBe('wholepicture_app');
  });

  it('the app role cannot read password hashes or TOTP secrets', async () => {
    await expect(
      asActor(t.dbs.app, northshireAdmin, (tx) => sql`SELECT password_hash FROM app_user`.execute(tx)),
    ).rejects.toThrow(/permission denied/);
    await expect(
      asActor(t.dbs.app, northshireAdmin, (tx) => sql`SELECT totp_secret FROM app_user`.execute(tx)),
    ).rejects.toThrow(/permission denied/);
  });

  it('an administrator cannot write into another partnership', async () => {
    await expect(
      asActor(t.dbs.app, northshireAdmin, (tx) =>
        tx
          .insertInto('agency')
          .values({ partnership_id: southvale.partnershipId, name: 'Planted Agency', kind: 'other' })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    const changed = await asActor(t.dbs.app, northshireAdmin, (tx) =>
      tx.updateTable('agency').set({ name: 'Renamed' }).where('id', '=', southvale.agencyId).executeTakeFirst(),
    );
    expect(Number(changed.numUpdatedRows)).toBe(0);
  });

  it('a practitioner cannot change agencies even in their own partnership', async () => {
    const practitioner: Actor = { ...northshireAdmin, role: 'practitioner' };
    await expect(
      asActor(t.dbs.app, practitioner, (tx) =>
        tx
          .insertInto('agency')
          .values({ partnership_id: practitioner.partnershipId, name: 'Self-made Agency', kind: 'other' })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
  });
});
