import { sql, type Kysely } from 'kysely';

// Organisation model, sign-in, sessions and row-level security.
// The app role owns nothing; everything it may touch is granted here.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
DO $$ BEGIN
  CREATE ROLE wholepicture_app LOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;

CREATE FUNCTION current_partnership_id() RETURNS uuid LANGUAGE sql STABLE
  AS $f$ SELECT nullif(current_setting('app.partnership_id', true), '')::uuid $f$;
CREATE FUNCTION current_agency_id() RETURNS uuid LANGUAGE sql STABLE
  AS $f$ SELECT nullif(current_setting('app.agency_id', true), '')::uuid $f$;
CREATE FUNCTION current_app_user_id() RETURNS uuid LANGUAGE sql STABLE
  AS $f$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $f$;
CREATE FUNCTION current_app_role() RETURNS text LANGUAGE sql STABLE
  AS $f$ SELECT nullif(current_setting('app.role', true), '') $f$;

CREATE TABLE partnership (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9-]{2,40}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 2 AND 120),
  oidc_issuer text,
  oidc_client_id text,
  oidc_client_secret text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE agency (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partnership_id uuid NOT NULL REFERENCES partnership(id),
  name text NOT NULL CHECK (length(name) BETWEEN 2 AND 120),
  kind text NOT NULL CHECK (kind IN ('police','health','childrens-social-care','adult-social-care','housing',
    'probation','education','idva-service','refuge-voluntary','other')),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (partnership_id, name),
  UNIQUE (id, partnership_id)
);

CREATE TABLE app_user (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partnership_id uuid NOT NULL REFERENCES partnership(id),
  agency_id uuid NOT NULL,
  email text NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%'),
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 2 AND 120),
  role text NOT NULL CHECK (role IN ('practitioner','marac-coordinator','marac-chair','agency-lead','partnership-analyst','administrator')),
  password_hash text,
  totp_secret text,
  oidc_subject text,
  active boolean NOT NULL DEFAULT true,
  failed_sign_ins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (agency_id, partnership_id) REFERENCES agency(id, partnership_id),
  UNIQUE (partnership_id, oidc_subject)
);
CREATE UNIQUE INDEX app_user_email ON app_user (email);
CREATE INDEX app_user_agency ON app_user (agency_id);

CREATE TABLE user_session (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES app_user(id),
  stage text NOT NULL CHECK (stage IN ('second-factor','signed-in')),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX user_session_user ON user_session (user_id);

-- Tenancy: a partnership's rows are invisible to every other partnership.
ALTER TABLE partnership ENABLE ROW LEVEL SECURITY;
ALTER TABLE partnership FORCE ROW LEVEL SECURITY;
ALTER TABLE agency ENABLE ROW LEVEL SECURITY;
ALTER TABLE agency FORCE ROW LEVEL SECURITY;
ALTER TABLE app_user ENABLE ROW LEVEL SECURITY;
ALTER TABLE app_user FORCE ROW LEVEL SECURITY;
ALTER TABLE user_session ENABLE ROW LEVEL SECURITY;
ALTER TABLE user_session FORCE ROW LEVEL SECURITY;

-- The owner (migrations, seed, maintenance) sees everything; FORCE exists so
-- that the owner cannot forget this is deliberate.
CREATE POLICY owner_all ON partnership TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY owner_all ON agency TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY owner_all ON app_user TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY owner_all ON user_session TO CURRENT_USER USING (true) WITH CHECK (true);

CREATE POLICY own_partnership_read ON partnership FOR SELECT TO wholepicture_app
  USING (id = current_partnership_id());
CREATE POLICY own_partnership_admin ON partnership FOR UPDATE TO wholepicture_app
  USING (id = current_partnership_id() AND current_app_role() = 'administrator');

CREATE POLICY own_partnership_read ON agency FOR SELECT TO wholepicture_app
  USING (partnership_id = current_partnership_id());
CREATE POLICY admin_insert ON agency FOR INSERT TO wholepicture_app
  WITH CHECK (partnership_id = current_partnership_id() AND current_app_role() = 'administrator');
CREATE POLICY admin_update ON agency FOR UPDATE TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND current_app_role() = 'administrator');

CREATE POLICY own_partnership_read ON app_user FOR SELECT TO wholepicture_app
  USING (partnership_id = current_partnership_id());
CREATE POLICY admin_insert ON app_user FOR INSERT TO wholepicture_app
  WITH CHECK (partnership_id = current_partnership_id() AND current_app_role() = 'administrator');
CREATE POLICY admin_update ON app_user FOR UPDATE TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND current_app_role() = 'administrator');

GRANT USAGE ON SCHEMA public TO wholepicture_app;
GRANT SELECT (id, code, name, oidc_issuer, created_at) ON partnership TO wholepicture_app;
GRANT UPDATE (name, oidc_issuer, oidc_client_id, oidc_client_secret) ON partnership TO wholepicture_app;
GRANT SELECT, INSERT, UPDATE (name, kind, active) ON agency TO wholepicture_app;
-- No credential column is readable by the app role: sign-in goes through the functions below.
GRANT SELECT (id, partnership_id, agency_id, email, display_name, role, oidc_subject, active, locked_until, created_at) ON app_user TO wholepicture_app;
GRANT INSERT (partnership_id, agency_id, email, display_name, role, password_hash, totp_secret, oidc_subject) ON app_user TO wholepicture_app;
GRANT UPDATE (agency_id, display_name, role, active, password_hash, totp_secret, oidc_subject, failed_sign_ins, locked_until) ON app_user TO wholepicture_app;
`.execute(db);

  await sql`
-- Sign-in happens before anyone's partnership is known, so these few
-- functions run as the owner and return only what sign-in needs.
CREATE FUNCTION auth_sign_in_candidate(p_email text)
RETURNS TABLE (user_id uuid, partnership_id uuid, password_hash text, totp_secret text, active boolean, locked_until timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT id, partnership_id, password_hash, totp_secret, active, locked_until FROM app_user WHERE email = lower(p_email)
$f$;

CREATE FUNCTION auth_second_factor_candidate(p_user uuid)
RETURNS TABLE (totp_secret text, active boolean, locked_until timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT totp_secret, active, locked_until FROM app_user WHERE id = p_user
$f$;

CREATE FUNCTION auth_oidc_candidate(p_partnership uuid, p_subject text)
RETURNS TABLE (user_id uuid, active boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT id, active FROM app_user WHERE partnership_id = p_partnership AND oidc_subject = p_subject
$f$;

CREATE FUNCTION auth_partnership_oidc(p_code text)
RETURNS TABLE (partnership_id uuid, oidc_issuer text, oidc_client_id text, oidc_client_secret text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT id, oidc_issuer, oidc_client_id, oidc_client_secret FROM partnership WHERE code = p_code AND oidc_issuer IS NOT NULL
$f$;

CREATE FUNCTION auth_record_failure(p_user uuid, p_max integer, p_lock interval)
RETURNS timestamptz LANGUAGE sql SECURITY DEFINER SET search_path = public AS $f$
  UPDATE app_user SET failed_sign_ins = failed_sign_ins + 1,
    locked_until = CASE WHEN failed_sign_ins + 1 >= p_max THEN now() + p_lock ELSE locked_until END
  WHERE id = p_user RETURNING locked_until
$f$;

CREATE FUNCTION auth_record_success(p_user uuid)
RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public AS $f$
  UPDATE app_user SET failed_sign_ins = 0, locked_until = NULL WHERE id = p_user
$f$;

CREATE FUNCTION session_start(p_token_hash text, p_user uuid, p_stage text, p_idle interval)
RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public AS $f$
  INSERT INTO user_session (token_hash, user_id, stage, expires_at) VALUES (p_token_hash, p_user, p_stage, now() + p_idle)
$f$;

-- Resolves a session and slides its idle timeout; an expired or
-- deactivated user's session resolves to nothing.
CREATE FUNCTION session_resolve(p_token_hash text, p_idle interval)
RETURNS TABLE (user_id uuid, partnership_id uuid, agency_id uuid, role text, display_name text, stage text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
#variable_conflict use_column
BEGIN
  DELETE FROM user_session WHERE token_hash = p_token_hash AND expires_at < now();
  RETURN QUERY
    WITH touched AS (
      UPDATE user_session s SET last_seen_at = now(), expires_at = now() + p_idle
      FROM app_user u
      WHERE s.token_hash = p_token_hash AND u.id = s.user_id AND u.active
      RETURNING u.id AS uid, u.partnership_id AS pid, u.agency_id AS aid, u.role AS r, u.display_name AS dn, s.stage AS st
    )
    SELECT uid, pid, aid, r, dn, st FROM touched;
END
$f$;

CREATE FUNCTION session_promote(p_token_hash text, p_new_token_hash text)
RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public AS $f$
  UPDATE user_session SET token_hash = p_new_token_hash, stage = 'signed-in' WHERE token_hash = p_token_hash
$f$;

CREATE FUNCTION session_end(p_token_hash text)
RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public AS $f$
  DELETE FROM user_session WHERE token_hash = p_token_hash
$f$;

CREATE FUNCTION session_end_all(p_user uuid)
RETURNS integer LANGUAGE sql SECURITY DEFINER SET search_path = public AS $f$
  WITH gone AS (DELETE FROM user_session WHERE user_id = p_user RETURNING 1) SELECT count(*)::integer FROM gone
$f$;

REVOKE ALL ON FUNCTION auth_sign_in_candidate(text), auth_second_factor_candidate(uuid), auth_oidc_candidate(uuid, text), auth_partnership_oidc(text),
  auth_record_failure(uuid, integer, interval), auth_record_success(uuid),
  session_start(text, uuid, text, interval), session_resolve(text, interval), session_promote(text, text),
  session_end(text), session_end_all(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth_sign_in_candidate(text), auth_second_factor_candidate(uuid), auth_oidc_candidate(uuid, text), auth_partnership_oidc(text),
  auth_record_failure(uuid, integer, interval), auth_record_success(uuid),
  session_start(text, uuid, text, interval), session_resolve(text, interval), session_promote(text, text),
  session_end(text), session_end_all(uuid) TO wholepicture_app;
`.execute(db);
}
