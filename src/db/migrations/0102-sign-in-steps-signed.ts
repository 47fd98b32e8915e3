import { sql, type Kysely } from 'kysely';

// The sign-in steps the app role could take on its own now need the service's
// word for them: a MAC with the request-scope key (0100), which only the owner
// connection reads. Code running as the app role alone (an injection, a leaked
// app-role password) that knows a user's password can pass the password step,
// but can neither get the sealed authenticator secret, nor claim a code was
// right, nor open a single sign-on session for a subject of its choosing.
// Each proof names its step, so one step's proof is no use for another, and
// none is a request scope (those start with a number).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
DROP FUNCTION auth_second_factor_secret(text);
DROP FUNCTION auth_second_factor_step(text, text, bigint, integer, interval);
DROP FUNCTION auth_oidc_session(uuid, text, text, interval);

CREATE FUNCTION auth_second_factor_secret(p_token_hash text, p_proof text)
RETURNS TABLE (user_id uuid, sealed_secret text, locked boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT u.id, u.totp_secret, coalesce(u.locked_until > now(), false)
  FROM user_session s JOIN app_user u ON u.id = s.user_id
  WHERE s.token_hash = p_token_hash AND s.stage = 'second-factor' AND s.expires_at > now() AND u.active
    AND p_proof = request_scope_mac('second-factor-secret;' || p_token_hash)
$f$;

-- p_step is the time-step the service matched (NULL: no match), vouched for by p_proof.
CREATE FUNCTION auth_second_factor_step(p_token_hash text, p_new_token_hash text, p_step bigint, p_max integer, p_lock interval, p_proof text)
RETURNS TABLE (outcome text, user_id uuid, notify_email text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
#variable_conflict use_column
DECLARE u app_user%ROWTYPE; f record;
BEGIN
  IF p_proof IS DISTINCT FROM request_scope_mac('second-factor-step;' || p_token_hash || ';' || p_new_token_hash || ';' || coalesce(p_step::text, '')) THEN
    RETURN QUERY SELECT 'refused'::text, NULL::uuid, NULL::text; RETURN;
  END IF;
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

-- Single sign-on: the service has checked the identity provider's signed answer and says so with p_proof.
CREATE FUNCTION auth_oidc_session(p_partnership uuid, p_subject text, p_token_hash text, p_idle interval, p_proof text)
RETURNS uuid LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
DECLARE v_user uuid;
BEGIN
  IF p_proof IS DISTINCT FROM request_scope_mac('oidc-session;' || p_partnership || ';' || p_token_hash || ';' || p_subject) THEN
    RETURN NULL;
  END IF;
  SELECT id INTO v_user FROM app_user WHERE partnership_id = p_partnership AND oidc_subject = p_subject AND active;
  IF v_user IS NULL THEN RETURN NULL; END IF;
  INSERT INTO user_session (token_hash, user_id, stage, expires_at) VALUES (p_token_hash, v_user, 'signed-in', now() + p_idle);
  RETURN v_user;
END
$f$;

REVOKE ALL ON FUNCTION auth_second_factor_secret(text, text), auth_second_factor_step(text, text, bigint, integer, interval, text),
  auth_oidc_session(uuid, text, text, interval, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth_second_factor_secret(text, text), auth_second_factor_step(text, text, bigint, integer, interval, text),
  auth_oidc_session(uuid, text, text, interval, text) TO wholepicture_app;
`.execute(db);
}
