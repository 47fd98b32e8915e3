import { sql, type Kysely } from 'kysely';

// Sign-in without lock-out abuse, sessions that end when access changes, and
// a session read that does not write on every request.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
-- A lock that has expired starts the count again: one wrong password after it no longer locks at once.
-- Says whether this failure locked the account, and to which address to send the notice.
DROP FUNCTION auth_record_failure(uuid, integer, interval);
CREATE FUNCTION auth_record_failure(p_user uuid, p_max integer, p_lock interval)
RETURNS TABLE (locked_until timestamptz, newly_locked boolean, email text)
LANGUAGE sql SECURITY DEFINER SET search_path = public AS $f$
  WITH before AS (
    SELECT id, (app_user.locked_until IS NOT NULL AND app_user.locked_until <= now()) AS expired, app_user.locked_until AS was
    FROM app_user WHERE id = p_user FOR UPDATE
  ), counted AS (
    SELECT b.id, CASE WHEN b.expired THEN 1 ELSE u.failed_sign_ins + 1 END AS failures, b.expired, b.was
    FROM before b JOIN app_user u ON u.id = b.id
  )
  UPDATE app_user u SET failed_sign_ins = c.failures,
    locked_until = CASE WHEN c.failures >= p_max THEN now() + p_lock WHEN c.expired THEN NULL ELSE u.locked_until END
  FROM counted c WHERE u.id = c.id
  RETURNING u.locked_until, (c.failures >= p_max AND (c.was IS NULL OR c.expired)), u.email
$f$;
REVOKE ALL ON FUNCTION auth_record_failure(uuid, integer, interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth_record_failure(uuid, integer, interval) TO wholepicture_app;

-- Deactivating a user, or changing their role or agency, ends every session they have at once.
CREATE FUNCTION app_user_end_sessions() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  IF NEW.active IS DISTINCT FROM OLD.active OR NEW.role IS DISTINCT FROM OLD.role OR NEW.agency_id IS DISTINCT FROM OLD.agency_id THEN
    DELETE FROM user_session WHERE user_id = NEW.id;
  END IF;
  RETURN NEW;
END
$f$;
CREATE TRIGGER app_user_end_sessions AFTER UPDATE ON app_user FOR EACH ROW EXECUTE FUNCTION app_user_end_sessions();

-- Last seen is written at most once a minute. The idle timeout runs from the
-- last written time, so a session never outlives it (it may end up to a minute early).
CREATE OR REPLACE FUNCTION session_resolve(p_token_hash text, p_idle interval)
RETURNS TABLE (user_id uuid, partnership_id uuid, agency_id uuid, role text, display_name text, stage text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
#variable_conflict use_column
BEGIN
  DELETE FROM user_session WHERE token_hash = p_token_hash AND expires_at < now();
  UPDATE user_session SET last_seen_at = now(), expires_at = now() + p_idle
    WHERE token_hash = p_token_hash AND last_seen_at < now() - interval '1 minute';
  RETURN QUERY
    SELECT u.id, u.partnership_id, u.agency_id, u.role, u.display_name, s.stage
    FROM user_session s JOIN app_user u ON u.id = s.user_id
    WHERE s.token_hash = p_token_hash AND u.active;
END
$f$;
`.execute(db);
}
