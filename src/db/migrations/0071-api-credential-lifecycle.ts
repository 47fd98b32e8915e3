import { sql, type Kysely } from 'kysely';

// API credentials expire, can be revoked at once, and are rotated by issuing a
// successor while the old one works for one more day. Existing credentials
// get a year from now.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
ALTER TABLE api_credential ADD COLUMN expires_at timestamptz,
  ADD COLUMN revoked_at timestamptz, ADD COLUMN revoked_by uuid,
  ADD COLUMN replaces uuid REFERENCES api_credential(id), ADD COLUMN last_used_at timestamptz;
UPDATE api_credential SET expires_at = now() + interval '365 days' WHERE expires_at IS NULL;
ALTER TABLE api_credential ALTER COLUMN expires_at SET NOT NULL;
GRANT SELECT (expires_at, revoked_at, replaces, last_used_at) ON api_credential TO wholepicture_app;
GRANT INSERT (expires_at, replaces) ON api_credential TO wholepicture_app;
GRANT UPDATE (expires_at, revoked_at, revoked_by) ON api_credential TO wholepicture_app;

-- A credential works while active, unrevoked and unexpired, and its agency is active.
-- Last used is written at most once a minute.
DROP FUNCTION api_credential_resolve(uuid);
CREATE FUNCTION api_credential_resolve(p_id uuid)
RETURNS TABLE (partnership_id uuid, agency_id uuid, secret_hash text, active boolean)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
#variable_conflict use_column
BEGIN
  UPDATE api_credential SET last_used_at = now()
    WHERE id = p_id AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute');
  RETURN QUERY
    SELECT c.partnership_id, c.agency_id, c.secret_hash,
      c.active AND a.active AND c.revoked_at IS NULL AND c.expires_at > now()
    FROM api_credential c JOIN agency a ON a.id = c.agency_id WHERE c.id = p_id;
END
$f$;
REVOKE ALL ON FUNCTION api_credential_resolve(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api_credential_resolve(uuid) TO wholepicture_app;
`.execute(db);
}
