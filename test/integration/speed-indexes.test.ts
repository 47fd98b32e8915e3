import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';

// Read from the catalogs, so a new table is checked the day it is added.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { DEMO_DATA: 'false' } });
});
afterAll(async () => t?.close());

describe('supporting indexes', () => {
  it('every foreign key has an index whose leading columns are its columns', async () => {
    const { rows } = await sql<{ tbl: string; cols: string }>`
      SELECT c.conrelid::regclass::text AS tbl, string_agg(a.attname, ', ' ORDER BY k.ord) AS cols
      FROM pg_constraint c
      CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
      WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
        AND NOT EXISTS (
          SELECT 1 FROM pg_index i
          WHERE i.indrelid = c.conrelid
            AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey
            AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] <@ c.conkey)
      GROUP BY c.conrelid, c.conname ORDER BY 1, 2`.execute(t.dbs.owner);
    expect(rows.map((r) => `${r.tbl} (${r.cols})`)).toEqual([]);
  });

  // An id a policy compares rows with must lead an index, or follow partnership_id in one (every
  // policy also filters by partnership). Flags and dates a policy tests (status, reviewed_at) are
  // not ids: too few distinct values for an index to help. Arrays of named ids are tested with
  // ANY(), which no index serves; those rows are reached through their person first.
  it('every id column a row-level-security policy filters on has a supporting index', async () => {
    const { rows } = await sql<{ tbl: string; col: string }>`
      WITH pol AS (
        SELECT p.polrelid AS rel, pg_get_expr(p.polqual, p.polrelid) AS q FROM pg_policy p
        JOIN pg_class r ON r.oid = p.polrelid WHERE r.relnamespace = 'public'::regnamespace AND p.polqual IS NOT NULL
      ), used AS (
        SELECT DISTINCT pol.rel, a.attnum, a.attname
        FROM pol JOIN pg_attribute a ON a.attrelid = pol.rel AND a.attnum > 0 AND NOT a.attisdropped
        WHERE a.atttypid = 'uuid'::regtype AND pol.q ~ ('(^|[^.\\w])' || a.attname || '\\M')
      )
      SELECT u.rel::regclass::text AS tbl, u.attname AS col FROM used u
      WHERE NOT EXISTS (
        SELECT 1 FROM pg_index i WHERE i.indrelid = u.rel AND (
          (i.indkey::int2[])[0] = u.attnum
          OR ((i.indkey::int2[])[1] = u.attnum AND EXISTS (
            SELECT 1 FROM pg_attribute f
            WHERE f.attrelid = u.rel AND f.attnum = (i.indkey::int2[])[0] AND f.attname = 'partnership_id'))))
      ORDER BY 1, 2`.execute(t.dbs.owner);
    expect(rows.map((r) => `${r.tbl}.${r.col}`)).toEqual([]);
  });

  // Written `agency_id = current_agency_id()`, a policy reads the setting again for every row it filters;
  // through a sub-select it is read once per statement and compared as a constant.
  it("no policy reads the actor's settings once per row", async () => {
    const { rows } = await sql<{ tbl: string; policy: string; text: string }>`
      SELECT tablename AS tbl, policyname AS policy, coalesce(qual, '') || ' ' || coalesce(with_check, '') AS text
      FROM pg_policies WHERE schemaname = 'public' ORDER BY 1, 2`.execute(t.dbs.owner);
    expect(rows.length).toBeGreaterThan(50);
    const setting =
      /\b(current_partnership_id|current_agency_id|current_app_user_id|current_app_role|marac_is_coordinator|is_safeguarding_reviewer)\(\)/;
    const perRow = rows.filter((r) => setting.test(r.text.replace(/\(\s*SELECT (\w+)\(\) AS \1\)/g, '')));
    expect(perRow.map((r) => `${r.tbl}.${r.policy}`)).toEqual([]);
  });

  // Taken for 1,000 rows, the confirmed records turned every incident recorded into a read of all incidents.
  it("the planner knows a person's confirmed records are a few rows", async () => {
    const plan = await sql<{ 'QUERY PLAN': string }>`
      EXPLAIN SELECT 1 FROM incident WHERE person_id IN (SELECT person_confirmed_ids(gen_random_uuid()))`.execute(
      t.dbs.owner,
    );
    const estimate = plan.rows.map((r) => r['QUERY PLAN']).find((line) => /ProjectSet/.test(line));
    expect(Number(/rows=(\d+)/.exec(estimate ?? '')?.[1])).toBeLessThanOrEqual(10);
  });

  it('MARAC policies check rows against a set worked out once, not a function called for each row', async () => {
    const { rows } = await sql<{ tbl: string; policy: string }>`
      SELECT tablename AS tbl, policyname AS policy FROM pg_policies
      WHERE schemaname = 'public'
        AND (coalesce(qual, '') ~ 'marac_(attends|case_visible)\\(' OR coalesce(with_check, '') ~ 'marac_(attends|case_visible)\\(')
      ORDER BY 1, 2`.execute(t.dbs.owner);
    expect(rows).toEqual([]);
  });
});
