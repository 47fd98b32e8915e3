import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { actorByEmail } from '../support/actors.ts';
import { asActor, type Actor } from '../../src/db/tenancy.ts';
import { signedScope } from '../../src/db/request-scope.ts';
import type { Database } from '../../src/db/schema.ts';

// Someone who can run SQL as the application's role (an injection, a leaked
// app-role password, a reporting tool pointed at the database) tries to read a
// safe address meant only for children's social care by setting the request's
// scope by hand. The policies read a scope only the service can sign.

let t: TestApp;
let social: Actor;
let housing: Actor;
let detailId: string;

/** What the app role reads of the safe address, in a transaction where `prepare` set the settings. */
async function readAs(db: Kysely<Database>, prepare: (tx: Kysely<Database>) => Promise<unknown>): Promise<string[]> {
  return db.transaction().execute(async (tx) => {
    await prepare(tx);
    const rows = await sql<{ value: string }>`SELECT value FROM restricted_detail WHERE id = ${detailId}::uuid`.execute(
      tx,
    );
    return rows.rows.map((r) => r.value);
  });
}

const forgeSettings = (who: Actor) => (tx: Kysely<Database>) =>
  sql`SELECT set_config('app.user_id', ${who.userId}, true), set_config('app.partnership_id', ${who.partnershipId}, true),
    set_config('app.agency_id', ${who.agencyId}, true), set_config('app.role', ${who.role}, true)`.execute(tx);
const setScope = (scope: string) => (tx: Kysely<Database>) =>
  sql`SELECT set_config('app.scope', ${scope}, true)`.execute(tx);

beforeAll(async () => {
  t = await startTestApp();
  social = await actorByEmail(t.dbs.owner, 'social.worker@northshire.example');
  housing = await actorByEmail(t.dbs.owner, 'housing@northshire.example');
  const person = await t.dbs.owner
    .selectFrom('person')
    .select('id')
    .where('partnership_id', '=', social.partnershipId)
    .executeTakeFirstOrThrow();
  detailId = (
    await t.dbs.owner
      .insertInto('restricted_detail')
      .values({
        partnership_id: social.partnershipId,
        agency_id: social.agencyId,
        person_id: person.id,
        kind: 'safe-address',
        value: 'Scope test: a safe address',
        named_agency_ids: [],
        created_by: social.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}, 240_000);
afterAll(async () => t?.close());

describe('the request scope against the app role', () => {
  it('the recording agency reads its own safe address through the service (the check below is not vacuous)', async () => {
    const rows = await asActor(t.dbs.app, social, (tx) =>
      tx.selectFrom('restricted_detail').select('value').where('id', '=', detailId).execute(),
    );
    expect(rows.map((r) => r.value)).toEqual(['Scope test: a safe address']);
    const other = await asActor(t.dbs.app, housing, (tx) =>
      tx.selectFrom('restricted_detail').select('value').where('id', '=', detailId).execute(),
    );
    expect(other).toEqual([]);
  });

  it("setting another agency's partnership, agency, user and role by hand reads nothing", async () => {
    expect(await readAs(t.dbs.app, forgeSettings(social))).toEqual([]);
  });

  it('a hand-made scope, an altered genuine one and an expired one read nothing', async () => {
    const genuine = await signedScope(t.dbs.app, housing);
    const [text, mac] = [genuine.slice(0, genuine.lastIndexOf(';')), genuine.slice(genuine.lastIndexOf(';') + 1)];
    const fields = (who: Actor) => [who.partnershipId, who.agencyId, who.userId, who.role].join(';');
    const expiry = text.split(';')[0]!;
    const altered = `${expiry};${fields(social)};${mac}`;
    const handMade = `${expiry};${fields(social)};${'0'.repeat(64)}`;
    const expired = await signedScope(t.dbs.app, social, Date.now() - 3_600_000);
    for (const scope of [altered, handMade, expired, `${expiry};${fields(social)}`])
      expect(await readAs(t.dbs.app, setScope(scope)), scope.slice(0, 20)).toEqual([]);
    // The same setting, signed for the recording agency, does read it: only the signature was missing.
    expect(await readAs(t.dbs.app, setScope(await signedScope(t.dbs.app, social)))).toEqual([
      'Scope test: a safe address',
    ]);
  });

  it('an audit event written under forged settings names no one it did not prove', async () => {
    const written = await t.dbs.app.transaction().execute(async (tx) => {
      await forgeSettings(social)(tx);
      const { rows } = await sql<{
        id: string;
      }>`SELECT audit_record('scope-test.forged', NULL, NULL, 'success', 'scope-test')::text AS id`.execute(tx);
      return rows[0]!.id;
    });
    const event = await t.dbs.owner
      .selectFrom('audit_event')
      .select(['user_id', 'agency_id', 'partnership_id', 'role'])
      .where('id', '=', Number(written))
      .executeTakeFirstOrThrow();
    expect(event).toEqual({ user_id: null, agency_id: null, partnership_id: null, role: null });
  });

  it('the app role can neither read the key nor sign a scope, nor enter a partnership as the jobs do', async () => {
    for (const statement of [
      sql`SELECT inner_key FROM request_scope_key`,
      sql`SELECT request_scope_mac('anything')`,
      sql`SELECT request_scope_enter_system(${social.partnershipId}::uuid)`,
    ])
      await expect(statement.execute(t.dbs.app)).rejects.toThrow(/permission denied/);
  });

  it('the owner connection enters a partnership with no user (the jobs path), and only that partnership', async () => {
    const scope = await t.dbs.owner.transaction().execute(async (tx) => {
      await sql`SELECT request_scope_enter_system(${social.partnershipId}::uuid)`.execute(tx);
      return (
        await sql<{
          p: string | null;
          a: string | null;
          u: string | null;
          r: string | null;
        }>`SELECT current_partnership_id()::text AS p, current_agency_id()::text AS a, current_app_user_id()::text AS u, current_app_role() AS r`.execute(
          tx,
        )
      ).rows[0];
    });
    expect(scope).toEqual({ p: social.partnershipId, a: null, u: null, r: null });
  });

  it('every policy and function reads the scope once per statement (a sub-select), not once per row', async () => {
    // Verifying the scope costs a function call; read bare in a policy it would run for every row scanned.
    const bare = String.raw`(?<!\( ?SELECT )\mcurrent_(partnership_id|agency_id|app_user_id|app_role)\(\)`;
    const policies = await sql<{ name: string }>`
      SELECT tablename || '.' || policyname AS name FROM pg_policies
      WHERE schemaname = 'public' AND (coalesce(qual, '') || ' ' || coalesce(with_check, '')) ~ ${bare}`.execute(
      t.dbs.owner,
    );
    const functions = await sql<{ name: string }>`
      SELECT p.proname AS name FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND p.prosrc ~ ${bare}
        AND p.proname NOT IN ('current_partnership_id', 'current_agency_id', 'current_app_user_id', 'current_app_role')`.execute(
      t.dbs.owner,
    );
    expect([...policies.rows, ...functions.rows].map((r) => r.name)).toEqual([]);
  });
});
