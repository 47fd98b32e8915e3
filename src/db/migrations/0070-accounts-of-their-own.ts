import { sql, type Kysely } from 'kysely';

// Accounts only their holder can use. The app role no longer reads or writes
// a password hash or an authenticator secret, and cannot start a session:
// - the password is checked inside the database: the app role gets only the
//   hash's parameters and salt, computes the hash of what was typed and hands
//   it back; a wrong one counts as a failed sign-in in the same statement;
// - the authenticator secret is stored sealed with a key from config the
//   database never holds; the app role gets the sealed value only for a
//   session that has passed the password;
// - a time-step once used is refused for that user from then on;
// - passwords and authenticators are set by their holder, through a
//   single-use expiring invitation, or changed with the current password.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
ALTER TABLE app_user ADD COLUMN totp_last_step bigint;

REVOKE INSERT (password_hash, totp_secret) ON app_user FROM wholepicture_app;
REVOKE UPDATE (password_hash, totp_secret, failed_sign_ins, locked_until) ON app_user FROM wholepicture_app;

DROP FUNCTION auth_sign_in_candidate(text);
DROP FUNCTION auth_second_factor_candidate(uuid);
DROP FUNCTION session_start(text, uuid, text, interval);
REVOKE EXECUTE ON FUNCTION auth_record_failure(uuid, integer, interval), auth_record_success(uuid) FROM wholepicture_app;

CREATE TABLE user_invite (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES app_user(id),
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX user_invite_user ON user_invite (user_id);
ALTER TABLE user_invite ENABLE ROW LEVEL SECURITY;
ALTER TABLE user_invite FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON user_invite TO CURRENT_USER USING (true) WITH CHECK (true);

-- "$argon2id$v=19$m=…,t=…,p=…$<salt>": everything but the hash itself.
CREATE FUNCTION auth_hash_settings(p_hash text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT CASE WHEN p_hash ~ '^\\$argon2[a-z]*\\$' THEN regexp_replace(p_hash, '\\$[^$]*$', '') END
$f$;

CREATE FUNCTION auth_password_settings(p_email text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT auth_hash_settings(password_hash) FROM app_user WHERE email = lower(p_email)
$f$;

-- The password step: compares the hash the app computed with the stored one.
-- A match (active, not locked, with an authenticator) opens a session that can
-- only take the second factor; anything else counts against the account.
CREATE FUNCTION auth_password_step(p_email text, p_proof text, p_token_hash text, p_idle interval, p_max integer, p_lock interval)
RETURNS TABLE (outcome text, user_id uuid, notify_email text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
#variable_conflict use_column
DECLARE u app_user%ROWTYPE; f record;
BEGIN
  SELECT * INTO u FROM app_user WHERE email = lower(p_email) FOR UPDATE;
  IF NOT FOUND THEN RETURN QUERY SELECT 'refused'::text, NULL::uuid, NULL::text; RETURN; END IF;
  IF u.locked_until IS NOT NULL AND u.locked_until > now() THEN
    RETURN QUERY SELECT 'locked'::text, u.id, NULL::text; RETURN;
  END IF;
  IF NOT u.active OR u.password_hash IS NULL OR u.totp_secret IS NULL OR p_proof IS DISTINCT FROM u.password_hash THEN
    SELECT * INTO f FROM auth_record_failure(u.id, p_max, p_lock);
    RETURN QUERY SELECT 'refused'::text, u.id, CASE WHEN f.newly_locked THEN f.email END; RETURN;
  END IF;
  INSERT INTO user_session (token_hash, user_id, stage, expires_at) VALUES (p_token_hash, u.id, 'second-factor', now() + p_idle);
  RETURN QUERY SELECT 'ok'::text, u.id, NULL::text;
END
$f$;

-- The sealed authenticator secret, only for a session that has passed the password.
CREATE FUNCTION auth_second_factor_secret(p_token_hash text)
RETURNS TABLE (user_id uuid, sealed_secret text, locked boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT u.id, u.totp_secret, coalesce(u.locked_until > now(), false)
  FROM user_session s JOIN app_user u ON u.id = s.user_id
  WHERE s.token_hash = p_token_hash AND s.stage = 'second-factor' AND s.expires_at > now() AND u.active
$f$;

-- The second factor: p_step is the time-step the app matched (NULL: no match).
-- A step at or before the last one used for this user is refused: a code works once.
CREATE FUNCTION auth_second_factor_step(p_token_hash text, p_new_token_hash text, p_step bigint, p_max integer, p_lock interval)
RETURNS TABLE (outcome text, user_id uuid, notify_email text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
#variable_conflict use_column
DECLARE u app_user%ROWTYPE; f record;
BEGIN
  SELECT a.* INTO u FROM user_session s JOIN app_user a ON a.id = s.user_id
    WHERE s.token_hash = p_token_hash AND s.stage = 'second-factor' AND s.expires_at > now() AND a.active
    FOR UPDATE OF a;
  IF NOT FOUND THEN RETURN QUERY SELECT 'refused'::text, NULL::uuid, NULL::text; RETURN; END IF;
  IF u.locked_until IS NOT NULL AND u.locked_until > now() THEN
    DELETE FROM user_session WHERE token_hash = p_token_hash;
    RETURN QUERY SELECT 'locked'::text, u.id, NULL::text; RETURN;
  END IF;
  IF p_step IS NULL THEN
    SELECT * INTO f FROM auth_record_failure(u.id, p_max, p_lock);
    RETURN QUERY SELECT 'refused'::text, u.id, CASE WHEN f.newly_locked THEN f.email END; RETURN;
  END IF;
  IF u.totp_last_step IS NOT NULL AND p_step <= u.totp_last_step THEN
    SELECT * INTO f FROM auth_record_failure(u.id, p_max, p_lock);
    RETURN QUERY SELECT 'replayed'::text, u.id, CASE WHEN f.newly_locked THEN f.email END; RETURN;
  END IF;
  UPDATE app_user SET totp_last_step = p_step, failed_sign_ins = 0, locked_until = NULL WHERE id = u.id;
  UPDATE user_session SET token_hash = p_new_token_hash, stage = 'signed-in' WHERE token_hash = p_token_hash;
  RETURN QUERY SELECT 'ok'::text, u.id, NULL::text;
END
$f$;
DROP FUNCTION session_promote(text, text);

-- Single sign-on: the app has checked the identity provider's signed answer; the
-- session goes only to the active user that provider's subject names.
CREATE FUNCTION auth_oidc_session(p_partnership uuid, p_subject text, p_token_hash text, p_idle interval)
RETURNS uuid LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
DECLARE v_user uuid;
BEGIN
  SELECT id INTO v_user FROM app_user WHERE partnership_id = p_partnership AND oidc_subject = p_subject AND active;
  IF v_user IS NULL THEN RETURN NULL; END IF;
  INSERT INTO user_session (token_hash, user_id, stage, expires_at) VALUES (p_token_hash, v_user, 'signed-in', now() + p_idle);
  RETURN v_user;
END
$f$;
DROP FUNCTION auth_oidc_candidate(uuid, text);

-- An administrator invites a user of their own partnership (or resets one):
-- any password and authenticator the user had stop working, every session
-- ends, earlier invitations lapse. Returns the address the link goes to.
CREATE FUNCTION account_invite(p_user uuid, p_token_hash text, p_ttl interval)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
DECLARE v_email text;
BEGIN
  IF current_app_role() IS DISTINCT FROM 'administrator' THEN RETURN NULL; END IF;
  SELECT email INTO v_email FROM app_user WHERE id = p_user AND partnership_id = current_partnership_id() AND active;
  IF v_email IS NULL THEN RETURN NULL; END IF;
  UPDATE app_user SET password_hash = NULL, totp_secret = NULL, totp_last_step = NULL, failed_sign_ins = 0, locked_until = NULL WHERE id = p_user;
  DELETE FROM user_session WHERE user_id = p_user;
  DELETE FROM user_invite WHERE user_id = p_user;
  INSERT INTO user_invite (token_hash, user_id, created_by, expires_at) VALUES (p_token_hash, p_user, current_app_user_id(), now() + p_ttl);
  RETURN v_email;
END
$f$;

CREATE FUNCTION account_invite_open(p_token_hash text)
RETURNS TABLE (user_id uuid, role text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT u.id, u.role FROM user_invite i JOIN app_user u ON u.id = i.user_id
  WHERE i.token_hash = p_token_hash AND i.expires_at > now() AND u.active
$f$;

-- Accepting uses the invitation up: it works once.
CREATE FUNCTION account_invite_accept(p_token_hash text, p_password_hash text, p_sealed_secret text, p_step bigint)
RETURNS uuid LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
DECLARE v_user uuid;
BEGIN
  DELETE FROM user_invite i USING app_user u
    WHERE i.token_hash = p_token_hash AND i.expires_at > now() AND u.id = i.user_id AND u.active
    RETURNING i.user_id INTO v_user;
  IF v_user IS NULL THEN RETURN NULL; END IF;
  DELETE FROM user_invite WHERE user_id = v_user;
  UPDATE app_user SET password_hash = p_password_hash, totp_secret = p_sealed_secret, totp_last_step = p_step,
    failed_sign_ins = 0, locked_until = NULL WHERE id = v_user;
  RETURN v_user;
END
$f$;

-- Self-service changes name the user by their own signed-in session and need
-- their current password; a wrong one counts as a failed sign-in.
CREATE FUNCTION account_password_settings(p_token_hash text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT auth_hash_settings(u.password_hash) FROM user_session s JOIN app_user u ON u.id = s.user_id
  WHERE s.token_hash = p_token_hash AND s.stage = 'signed-in' AND s.expires_at > now() AND u.active
$f$;

CREATE FUNCTION account_change_credentials(p_token_hash text, p_proof text, p_password_hash text, p_sealed_secret text, p_step bigint, p_max integer, p_lock interval)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
DECLARE u app_user%ROWTYPE;
BEGIN
  SELECT a.* INTO u FROM user_session s JOIN app_user a ON a.id = s.user_id
    WHERE s.token_hash = p_token_hash AND s.stage = 'signed-in' AND s.expires_at > now() AND a.active FOR UPDATE OF a;
  IF NOT FOUND THEN RETURN 'refused'; END IF;
  IF u.locked_until IS NOT NULL AND u.locked_until > now() THEN RETURN 'locked'; END IF;
  IF p_proof IS DISTINCT FROM u.password_hash THEN
    PERFORM auth_record_failure(u.id, p_max, p_lock);
    RETURN 'wrong-password';
  END IF;
  -- The step the new app showed counts as used; so does every step the old one used.
  UPDATE app_user SET password_hash = coalesce(p_password_hash, password_hash),
    totp_secret = coalesce(p_sealed_secret, totp_secret),
    totp_last_step = CASE WHEN p_sealed_secret IS NULL THEN totp_last_step ELSE greatest(totp_last_step, p_step) END
  WHERE id = u.id;
  -- Every other session of theirs ends: whoever knew the old password or had the old authenticator is out.
  DELETE FROM user_session WHERE user_id = u.id AND token_hash <> p_token_hash;
  RETURN 'ok';
END
$f$;

REVOKE ALL ON FUNCTION auth_password_settings(text), auth_password_step(text, text, text, interval, integer, interval),
  auth_second_factor_secret(text), auth_second_factor_step(text, text, bigint, integer, interval),
  auth_oidc_session(uuid, text, text, interval), account_invite(uuid, text, interval), account_invite_open(text),
  account_invite_accept(text, text, text, bigint), account_password_settings(text),
  account_change_credentials(text, text, text, text, bigint, integer, interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth_password_settings(text), auth_password_step(text, text, text, interval, integer, interval),
  auth_second_factor_secret(text), auth_second_factor_step(text, text, bigint, integer, interval),
  auth_oidc_session(uuid, text, text, interval), account_invite(uuid, text, interval), account_invite_open(text),
  account_invite_accept(text, text, text, bigint), account_password_settings(text),
  account_change_credentials(text, text, text, text, bigint, integer, interval) TO wholepicture_app;
`.execute(db);
}
