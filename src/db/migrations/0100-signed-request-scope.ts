import { sql, type Kysely } from 'kysely';

// The request's scope (partnership, agency, user, role) can no longer be set by
// the app role by hand. A request sets one setting, app.scope: the scope, an
// expiry and a MAC with a key only the database owner can read (the service
// reads it through the owner connection; the app role has no grant on it). The
// functions every policy reads (current_partnership_id() and the others) now
// verify that MAC and give nothing for a forged, altered or expired scope, so
// set_config('app.agency_id', …) or a hand-made app.scope shows the app role
// nothing. Background jobs run on the owner connection; where one must act for
// a partnership (an audit event written as the partnership) it enters that
// scope through request_scope_enter_system(), which the app role cannot call.
//
// Verifying costs a function call, so every policy and function that read a
// setting per row now reads it once per statement, through a sub-select
// (an InitPlan), as the set-based MARAC policies already did.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE TABLE request_scope_key (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  inner_key bytea NOT NULL CHECK (length(inner_key) = 32),
  outer_key bytea NOT NULL CHECK (length(outer_key) = 32),
  created_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE request_scope_key ENABLE ROW LEVEL SECURITY;
ALTER TABLE request_scope_key FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON request_scope_key TO CURRENT_USER USING (true) WITH CHECK (true);
REVOKE ALL ON request_scope_key FROM PUBLIC;
-- Two independent random keys (gen_random_uuid draws from the server's strong random source).
INSERT INTO request_scope_key (inner_key, outer_key) VALUES (
  decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'),
  decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'));

-- sha256(outer || sha256(inner || text)): a MAC with two independent keys (the construction HMAC is built on).
CREATE FUNCTION request_scope_mac(p_text text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $f$
  SELECT encode(sha256(k.outer_key || sha256(k.inner_key || convert_to(p_text, 'UTF8'))), 'hex') FROM request_scope_key k
$f$;
REVOKE ALL ON FUNCTION request_scope_mac(text) FROM PUBLIC;

-- "<expiry, epoch seconds>;<partnership>;<agency>;<user>;<role>;<mac>" -> {partnership, agency, user, role}, or NULL.
CREATE FUNCTION request_scope() RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $f$
  SELECT CASE WHEN cardinality(v.parts) = 5 AND v.parts[1] ~ '^[0-9]{1,12}$' AND v.parts[1]::bigint >= extract(epoch FROM now())
      AND right(v.s, 64) = request_scope_mac(left(v.s, -65)) THEN v.parts[2:5] END
  FROM (SELECT x.s, string_to_array(left(x.s, -65), ';') AS parts
        FROM (SELECT current_setting('app.scope', true) AS s) x WHERE length(x.s) > 65) v
$f$;

CREATE OR REPLACE FUNCTION current_partnership_id() RETURNS uuid LANGUAGE sql STABLE
  AS $f$ SELECT nullif((request_scope())[1], '')::uuid $f$;
CREATE OR REPLACE FUNCTION current_agency_id() RETURNS uuid LANGUAGE sql STABLE
  AS $f$ SELECT nullif((request_scope())[2], '')::uuid $f$;
CREATE OR REPLACE FUNCTION current_app_user_id() RETURNS uuid LANGUAGE sql STABLE
  AS $f$ SELECT nullif((request_scope())[3], '')::uuid $f$;
CREATE OR REPLACE FUNCTION current_app_role() RETURNS text LANGUAGE sql STABLE
  AS $f$ SELECT nullif((request_scope())[4], '') $f$;

-- The jobs' narrow path: a partnership's scope with no user, agency or role, for the owner connection only.
CREATE FUNCTION request_scope_enter_system(p_partnership uuid) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public AS $f$
  SELECT set_config('app.scope', s || ';' || request_scope_mac(s), true)
  FROM (SELECT (extract(epoch FROM now())::bigint + 600)::text || ';' || p_partnership::text || ';;;' AS s) x
$f$;
REVOKE ALL ON FUNCTION request_scope_enter_system(uuid) FROM PUBLIC;

-- One event: the scope read once, not four times.
CREATE OR REPLACE FUNCTION audit_record(p_action text, p_subject_type text, p_subject_id text, p_outcome text, p_request_id text)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
DECLARE new_id bigint; s text[] := request_scope();
BEGIN
  INSERT INTO audit_event (id, occurred_at, partnership_id, user_id, agency_id, role, action, subject_type, subject_id, outcome, request_id)
  VALUES (0, now(), nullif(s[1], '')::uuid, nullif(s[3], '')::uuid, nullif(s[2], '')::uuid, nullif(s[4], ''),
          p_action, p_subject_type, p_subject_id, p_outcome, p_request_id)
  RETURNING id INTO new_id;
  PERFORM audit_seal(false, 1000);
  RETURN new_id;
END
$f$;

-- Every policy and function reading a setting per row reads it once per statement instead.
DO $do$
DECLARE
  bare constant text := '(?<!\\( ?SELECT )\\m(current_(partnership_id|agency_id|app_user_id|app_role))\\(\\)';
  p record; f record; q text; c text; def text;
BEGIN
  FOR p IN SELECT schemaname, tablename, policyname, qual, with_check FROM pg_policies WHERE schemaname = 'public' LOOP
    q := regexp_replace(p.qual, bare, '(SELECT \\1())', 'g');
    c := regexp_replace(p.with_check, bare, '(SELECT \\1())', 'g');
    IF q IS DISTINCT FROM p.qual OR c IS DISTINCT FROM p.with_check THEN
      EXECUTE format('ALTER POLICY %I ON %I.%I', p.policyname, p.schemaname, p.tablename)
        || coalesce(' USING (' || q || ')', '') || coalesce(' WITH CHECK (' || c || ')', '');
    END IF;
  END LOOP;
  FOR f IN SELECT pr.oid FROM pg_proc pr JOIN pg_namespace n ON n.oid = pr.pronamespace
    WHERE n.nspname = 'public' AND pr.prokind = 'f' AND pr.prosrc ~ bare
      AND pr.proname NOT IN ('current_partnership_id', 'current_agency_id', 'current_app_user_id', 'current_app_role') LOOP
    def := pg_get_functiondef(f.oid);
    EXECUTE regexp_replace(def, bare, '(SELECT \\1())', 'g');
  END LOOP;
END
$do$;
`.execute(db);
}
