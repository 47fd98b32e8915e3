import { sql, type Kysely } from 'kysely';

// A signed-in page read in one transaction: its first statement resolves the
// session (session_resolve: idle timeout, last seen written at most once a
// minute) and, for a signed-in session, sets the request scope signed for that
// session's user, as the service would sign it (request-scope.ts: expiry ten
// minutes from the transaction's start, the MAC of request_scope()). The scope
// is derived from the session in the database, so the caller learns nothing it
// could not get from session_resolve, and one statement replaces the session
// read's own transaction, BEGIN's set_config and a round trip each.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE FUNCTION session_open_scope(p_token_hash text, p_idle interval)
RETURNS TABLE (user_id uuid, partnership_id uuid, agency_id uuid, role text, display_name text, stage text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
#variable_conflict use_column
DECLARE
  r record;
  body text;
  k request_scope_key;
BEGIN
  SELECT * INTO r FROM session_resolve(p_token_hash, p_idle) LIMIT 1;
  IF NOT FOUND THEN RETURN; END IF;
  IF r.stage = 'signed-in' THEN
    body := concat_ws(';', (floor(date_part('epoch', now()))::int8 + 600)::text,
      coalesce(r.partnership_id::text, ''), coalesce(r.agency_id::text, ''), coalesce(r.user_id::text, ''), r.role);
    SELECT * INTO k FROM request_scope_key;
    PERFORM set_config('app.scope', body || ';' ||
      encode(sha256(k.outer_key || sha256(k.inner_key || convert_to(body, 'UTF8'))), 'hex'), true);
  END IF;
  user_id := r.user_id; partnership_id := r.partnership_id; agency_id := r.agency_id;
  role := r.role; display_name := r.display_name; stage := r.stage;
  RETURN NEXT;
END
$f$;
REVOKE ALL ON FUNCTION session_open_scope(text, interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION session_open_scope(text, interval) TO wholepicture_app;
`.execute(db);
}
