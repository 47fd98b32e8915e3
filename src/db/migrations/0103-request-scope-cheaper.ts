import { sql, type Kysely } from 'kysely';

// request_scope() is called once per statement for each setting a policy
// reads, and once per call of the helper functions policies use row by row. As
// a SQL function with its own search_path and a nested MAC function it cost
// about four times what this costs: plpgsql, the MAC computed in line, and no
// SET clause (which saves and restores settings on every call). Without that
// clause every name is schema-qualified, operators included, so a caller's
// search_path cannot put its own objects in the way.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE OR REPLACE FUNCTION request_scope() RETURNS text[] LANGUAGE plpgsql STABLE SECURITY DEFINER AS $f$
DECLARE
  s text := pg_catalog.current_setting('app.scope', true);
  body text;
  parts text[];
  k public.request_scope_key;
BEGIN
  IF s IS NULL OR pg_catalog.length(s) OPERATOR(pg_catalog.<) 66 THEN RETURN NULL; END IF;
  body := pg_catalog.left(s, -65);
  parts := pg_catalog.string_to_array(body, ';');
  IF pg_catalog.cardinality(parts) OPERATOR(pg_catalog.<>) 5 OR parts[1] OPERATOR(pg_catalog.!~) '^[0-9]{1,12}$'
     OR parts[1]::pg_catalog.int8 OPERATOR(pg_catalog.<) pg_catalog.date_part('epoch', pg_catalog.now()) THEN
    RETURN NULL;
  END IF;
  SELECT * INTO k FROM public.request_scope_key;
  IF pg_catalog.right(s, 64) OPERATOR(pg_catalog.=) pg_catalog.encode(pg_catalog.sha256(k.outer_key OPERATOR(pg_catalog.||)
       pg_catalog.sha256(k.inner_key OPERATOR(pg_catalog.||) pg_catalog.convert_to(body, 'UTF8'))), 'hex') THEN
    RETURN parts[2:5];
  END IF;
  RETURN NULL;
END
$f$;
`.execute(db);
}
