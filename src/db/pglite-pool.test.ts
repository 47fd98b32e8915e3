import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pglitePools } from './pglite-pool.ts';

// The embedded engine's two pools on one session: the role each lease runs as, what a failed statement
// leaves behind, and prepared statements that answer as the plain query path does.
let engine: PGlite;
interface Scratch {
  note: { id: number; team: string; body: string | null };
}
let owner: Kysely<Scratch>;
let app: Kysely<Scratch>;

beforeAll(async () => {
  engine = await PGlite.create();
  await engine.exec(`
    CREATE ROLE pool_app;
    CREATE TABLE note (id int PRIMARY KEY, team text NOT NULL, body text);
    ALTER TABLE note ENABLE ROW LEVEL SECURITY;
    ALTER TABLE note FORCE ROW LEVEL SECURITY;
    CREATE POLICY owner_all ON note TO CURRENT_USER USING (true) WITH CHECK (true);
    CREATE POLICY own_team ON note TO pool_app USING (team = (SELECT current_setting('app.team', true)))
      WITH CHECK (team = (SELECT current_setting('app.team', true)));
    GRANT SELECT, INSERT, UPDATE ON note TO pool_app;
    INSERT INTO note VALUES (1, 'red', 'a'), (2, 'blue', 'b'), (3, 'red', 'c');`);
  const pools = pglitePools(engine, 'pool_app', { preparedLimit: 5 });
  owner = new Kysely({ dialect: new PostgresDialect({ pool: pools.owner }) });
  app = new Kysely({ dialect: new PostgresDialect({ pool: pools.app }) });
});

afterAll(async () => {
  await engine.close();
});

const asTeam = <T>(team: string, work: (tx: Kysely<Scratch>) => Promise<T>) =>
  app.transaction().execute(async (tx) => {
    await sql`SELECT set_config('app.team', ${team}, true)`.execute(tx);
    return work(tx);
  });

const who = async (db: Kysely<Scratch>) => (await sql<{ u: string }>`SELECT current_user AS u`.execute(db)).rows[0]!.u;

describe('the embedded engine as two pools', () => {
  it('runs each lease as its pool’s role, whatever ran before it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom('owner', 'app'), { minLength: 1, maxLength: 12 }), async (leases) => {
        for (const lease of leases)
          expect(await who(lease === 'owner' ? owner : app)).toBe(lease === 'owner' ? 'postgres' : 'pool_app');
      }),
      { numRuns: 20 },
    );
  });

  it('applies row-level security to the application role only', async () => {
    const red = await asTeam('red', (tx) => tx.selectFrom('note').select('id').orderBy('id').execute());
    expect(red.map((r) => r.id)).toEqual([1, 3]);
    expect((await owner.selectFrom('note').select('id').execute()).length).toBe(3);
    const blue = await asTeam('blue', (tx) => tx.selectFrom('note').select('id').execute());
    expect(blue.map((r) => r.id)).toEqual([2]);
  });

  it('leaves no transaction and no setting behind for the next lease after a failed statement', async () => {
    await expect(
      asTeam('red', (tx) => tx.insertInto('note').values({ id: 1, team: 'red', body: 'again' }).execute()),
    ).rejects.toThrow(/duplicate key/);
    expect(engine.isInTransaction()).toBe(false);
    // The setting was transaction-local: without one the policy shows nothing.
    expect(await app.selectFrom('note').select('id').execute()).toEqual([]);
  });

  it('refuses to commit a transaction a failed statement aborted', async () => {
    const tx = await app.startTransaction().execute();
    await sql`SELECT set_config('app.team', 'red', true)`.execute(tx);
    await expect(tx.insertInto('note').values({ id: 3, team: 'red', body: 'x' }).execute()).rejects.toThrow();
    await expect(tx.commit().execute()).rejects.toThrow();
    expect(engine.isInTransaction()).toBe(false);
  });

  it('reports the rows a change touched', async () => {
    const result = await asTeam('red', (tx) => tx.updateTable('note').set({ body: 'seen' }).executeTakeFirst());
    expect(result.numUpdatedRows).toBe(2n);
  });

  it('passes parameters and results as the plain query path does', async () => {
    const statement = sql<
      Record<string, unknown>
    >`SELECT ${[1, 2]}::int[] AS numbers, ${JSON.stringify({ a: [1] })}::jsonb AS doc,
      ${null}::text AS nothing, ${'2001-02-03'}::date AS day, ${new Date('2020-01-01T00:00:00Z')}::timestamptz AS at,
      ${['6f1c5c0e-8a0b-4c4e-9d8e-1f2a3b4c5d6e']}::uuid[] AS ids, ${true}::boolean AS yes`;
    const prepared = (await statement.execute(app)).rows[0];
    const plain = (await statement.execute(owner)).rows[0];
    expect(prepared).toEqual(plain);
    expect(prepared).toMatchObject({ numbers: [1, 2], doc: { a: [1] }, nothing: null, yes: true });
  });

  it('prepares a statement again when its table changes shape', async () => {
    const all = () => asTeam('blue', (tx) => sql<Record<string, unknown>>`SELECT * FROM note`.execute(tx));
    expect(Object.keys((await all()).rows[0]!)).toEqual(['id', 'team', 'body']);
    await sql`ALTER TABLE note ADD COLUMN tag text`.execute(owner);
    expect(Object.keys((await all()).rows[0]!)).toEqual(['id', 'team', 'body', 'tag']);
  });

  it('keeps no more prepared statements than its bound', async () => {
    for (let n = 0; n < 12; n++) await sql.raw(`SELECT ${n} AS n`).execute(app);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_prepared_statements`.execute(owner);
    expect(rows[0]!.n).toBeLessThanOrEqual(5);
    expect((await sql.raw<{ n: number }>('SELECT 3 AS n').execute(app)).rows[0]!.n).toBe(3);
  });
});
