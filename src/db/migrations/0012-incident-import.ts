import { sql, type Kysely } from 'kysely';

// A large extract is imported in the background, a few rows per transaction, so the person who sent
// it can watch its progress and nothing times out. The run keeps the rows still to import (cleared
// when it finishes) and a report per row: reference, source id, result and problems, never names.
// Only the sending agency reads its runs; only the job (as owner) moves them on.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE TABLE incident_import (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partnership_id uuid NOT NULL REFERENCES partnership(id),
  agency_id uuid NOT NULL REFERENCES agency(id),
  -- who sent it: a signed-in user, or an agency system by its API credential (whose id stands as the user)
  created_by uuid NOT NULL,
  sent_by text NOT NULL CHECK (sent_by IN ('user', 'api-credential')),
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  total integer NOT NULL CHECK (total > 0),
  processed integer NOT NULL DEFAULT 0 CHECK (processed BETWEEN 0 AND total),
  imported integer NOT NULL DEFAULT 0,
  already_imported integer NOT NULL DEFAULT 0,
  rejected integer NOT NULL DEFAULT 0,
  pending jsonb,
  report jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX incident_import_agency ON incident_import (agency_id, created_at);
ALTER TABLE incident_import ENABLE ROW LEVEL SECURITY;
ALTER TABLE incident_import FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON incident_import TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY own_agency_read ON incident_import FOR SELECT TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND agency_id = current_agency_id());
CREATE POLICY own_agency_insert ON incident_import FOR INSERT TO wholepicture_app
  WITH CHECK (partnership_id = current_partnership_id() AND agency_id = current_agency_id() AND created_by = current_app_user_id()
    AND status = 'queued' AND processed = 0 AND imported = 0 AND already_imported = 0 AND rejected = 0);
GRANT SELECT (id, partnership_id, agency_id, created_by, sent_by, status, total, processed, imported, already_imported, rejected, report, created_at, finished_at),
  INSERT (partnership_id, agency_id, created_by, sent_by, total, pending) ON incident_import TO wholepicture_app;
`.execute(db);
}
