import { sql, type Kysely } from 'kysely';

// Per-agency API credentials for record systems (police, health) that send
// checklists. Only a SHA-256 of the random secret is stored.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE TABLE api_credential (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partnership_id uuid NOT NULL REFERENCES partnership(id),
  agency_id uuid NOT NULL,
  label text NOT NULL CHECK (length(label) BETWEEN 2 AND 80),
  secret_hash text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (agency_id, partnership_id) REFERENCES agency(id, partnership_id)
);
ALTER TABLE api_credential ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_credential FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON api_credential TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY admin_read ON api_credential FOR SELECT TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND current_app_role() = 'administrator');
CREATE POLICY admin_insert ON api_credential FOR INSERT TO wholepicture_app
  WITH CHECK (partnership_id = current_partnership_id() AND current_app_role() = 'administrator');
CREATE POLICY admin_update ON api_credential FOR UPDATE TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND current_app_role() = 'administrator');
GRANT SELECT (id, partnership_id, agency_id, label, active, created_at) ON api_credential TO wholepicture_app;
GRANT INSERT (id, partnership_id, agency_id, label, secret_hash, created_by) ON api_credential TO wholepicture_app;
GRANT UPDATE (active) ON api_credential TO wholepicture_app;

-- Resolves a presented credential before any partnership is known.
CREATE FUNCTION api_credential_resolve(p_id uuid)
RETURNS TABLE (partnership_id uuid, agency_id uuid, secret_hash text, active boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT c.partnership_id, c.agency_id, c.secret_hash, c.active AND a.active FROM api_credential c JOIN agency a ON a.id = c.agency_id WHERE c.id = p_id
$f$;
REVOKE ALL ON FUNCTION api_credential_resolve(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api_credential_resolve(uuid) TO wholepicture_app;
`.execute(db);
}
