import { sql, type Kysely } from 'kysely';

// The supporting indexes (see 0051) for the tables added since: handover notes,
// schools and their notices, privileged role changes, rotated API credentials
// and the worklist settings. test/integration/speed-indexes.test.ts lists any
// foreign key or policy column left without one.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE INDEX IF NOT EXISTS api_credential_replaces_idx ON api_credential (replaces);
CREATE INDEX IF NOT EXISTS handover_agency_id_partnership_id_idx ON handover (agency_id, partnership_id);
CREATE INDEX IF NOT EXISTS handover_partnership_id_idx ON handover (partnership_id);
CREATE INDEX IF NOT EXISTS handover_made_by_idx ON handover (made_by);
CREATE INDEX IF NOT EXISTS handover_to_user_id_idx ON handover (to_user_id);
CREATE INDEX IF NOT EXISTS privileged_change_decided_by_idx ON privileged_change (decided_by);
CREATE INDEX IF NOT EXISTS privileged_change_requested_by_idx ON privileged_change (requested_by);
CREATE INDEX IF NOT EXISTS privileged_change_user_id_idx ON privileged_change (user_id);
CREATE INDEX IF NOT EXISTS school_contact_school_id_partnership_id_idx ON school_contact (school_id, partnership_id);
CREATE INDEX IF NOT EXISTS school_contact_partnership_id_idx ON school_contact (partnership_id);
CREATE INDEX IF NOT EXISTS school_notice_child_person_id_idx ON school_notice (child_person_id);
CREATE INDEX IF NOT EXISTS school_notice_incident_id_idx ON school_notice (incident_id);
CREATE INDEX IF NOT EXISTS school_notice_school_id_partnership_id_idx ON school_notice (school_id, partnership_id);
CREATE INDEX IF NOT EXISTS school_notice_partnership_id_idx ON school_notice (partnership_id);
CREATE INDEX IF NOT EXISTS school_pupil_school_id_partnership_id_idx ON school_pupil (school_id, partnership_id);
CREATE INDEX IF NOT EXISTS school_pupil_partnership_id_idx ON school_pupil (partnership_id);
CREATE INDEX IF NOT EXISTS worklist_setting_concern_lead_agency_id_partnership_id_idx
  ON worklist_setting (concern_lead_agency_id, partnership_id);
`.execute(db);
}
