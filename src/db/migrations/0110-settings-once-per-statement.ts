import { sql, type Kysely } from 'kysely';

// Row-level security reads the actor's settings once per statement, not once
// per row. A policy written `agency_id = current_agency_id()` evaluates the
// setting for every row it filters (the worklist's count of open items did so
// for every open item of the agency: 178 ms against 22 ms for the same reads
// without row-level security); written `agency_id = (SELECT current_agency_id())`
// the setting is read once, before the scan, and compared as a constant. Same
// rows either way: the settings cannot change within a statement. Every policy
// is rewritten in that form, the worklist's among them; functions that take the
// row's own columns (may_review_break_glass(agency_id, ...)) stay as they are.
// test/integration/speed-indexes.test.ts refuses a policy that reads a setting per row.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
DO $migration$
DECLARE
  p record;
  settings constant text :=
    '(?<!SELECT )\\m(current_partnership_id|current_agency_id|current_app_user_id|current_app_role|marac_is_coordinator|is_safeguarding_reviewer)\\(\\)';
  q text;
  c text;
BEGIN
  FOR p IN
    SELECT pol.polname, pol.polrelid::regclass::text AS tbl,
           pg_get_expr(pol.polqual, pol.polrelid) AS qual, pg_get_expr(pol.polwithcheck, pol.polrelid) AS chk
      FROM pg_policy pol JOIN pg_class r ON r.oid = pol.polrelid
     WHERE r.relnamespace = 'public'::regnamespace
  LOOP
    q := regexp_replace(p.qual, settings, '(SELECT \\1())', 'g');
    c := regexp_replace(p.chk, settings, '(SELECT \\1())', 'g');
    IF q IS DISTINCT FROM p.qual THEN
      EXECUTE format('ALTER POLICY %I ON %s USING (%s)', p.polname, p.tbl, q);
    END IF;
    IF c IS DISTINCT FROM p.chk THEN
      EXECUTE format('ALTER POLICY %I ON %s WITH CHECK (%s)', p.polname, p.tbl, c);
    END IF;
  END LOOP;
END
$migration$;
`.execute(db);
}
