import { sql, type Kysely } from 'kysely';

// An index for every foreign key and for every id column a row-level-security
// policy filters on. Without one, a policy's check or a delete of the parent
// row scans the whole table (break_glass_grant was scanned for every person a
// search showed). test/integration/speed-indexes.test.ts lists any key or
// policy column left without one.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE INDEX IF NOT EXISTS app_user_agency_id_partnership_id_idx ON app_user (agency_id, partnership_id);
CREATE INDEX IF NOT EXISTS person_agency_id_partnership_id_idx ON person (agency_id, partnership_id);
CREATE INDEX IF NOT EXISTS incident_agency_id_partnership_id_idx ON incident (agency_id, partnership_id);
CREATE INDEX IF NOT EXISTS incident_partnership_id_idx ON incident (partnership_id);
CREATE INDEX IF NOT EXISTS assessment_agency_id_partnership_id_idx ON assessment (agency_id, partnership_id);
CREATE INDEX IF NOT EXISTS assessment_partnership_id_idx ON assessment (partnership_id);
CREATE INDEX IF NOT EXISTS marac_referral_case_id_idx ON marac_referral (case_id);
CREATE INDEX IF NOT EXISTS marac_referral_partnership_id_idx ON marac_referral (partnership_id);
CREATE INDEX IF NOT EXISTS marac_referral_person_id_idx ON marac_referral (person_id);
CREATE INDEX IF NOT EXISTS marac_referral_referring_agency_id_partnership_id_idx ON marac_referral (referring_agency_id, partnership_id);
CREATE INDEX IF NOT EXISTS last_marac_partnership_id_idx ON last_marac (partnership_id);
CREATE INDEX IF NOT EXISTS api_credential_agency_id_partnership_id_idx ON api_credential (agency_id, partnership_id);
CREATE INDEX IF NOT EXISTS api_credential_partnership_id_idx ON api_credential (partnership_id);
CREATE INDEX IF NOT EXISTS household_member_agency_id_partnership_id_idx ON household_member (agency_id, partnership_id);
CREATE INDEX IF NOT EXISTS household_member_partnership_id_idx ON household_member (partnership_id);
CREATE INDEX IF NOT EXISTS child_risk_rating_agency_id_partnership_id_idx ON child_risk_rating (agency_id, partnership_id);
CREATE INDEX IF NOT EXISTS child_risk_rating_assessment_id_idx ON child_risk_rating (assessment_id);
CREATE INDEX IF NOT EXISTS child_risk_rating_partnership_id_idx ON child_risk_rating (partnership_id);
CREATE INDEX IF NOT EXISTS step_outcome_agency_id_partnership_id_idx ON step_outcome (agency_id, partnership_id);
CREATE INDEX IF NOT EXISTS step_outcome_partnership_id_idx ON step_outcome (partnership_id);
CREATE INDEX IF NOT EXISTS risk_plan_agency_id_partnership_id_idx ON risk_plan (agency_id, partnership_id);
CREATE INDEX IF NOT EXISTS risk_plan_partnership_id_idx ON risk_plan (partnership_id);
CREATE INDEX IF NOT EXISTS person_alias_agency_id_partnership_id_idx ON person_alias (agency_id, partnership_id);
CREATE INDEX IF NOT EXISTS person_address_agency_id_partnership_id_idx ON person_address (agency_id, partnership_id);
CREATE INDEX IF NOT EXISTS incident_involvement_agency_id_partnership_id_idx ON incident_involvement (agency_id, partnership_id);
CREATE INDEX IF NOT EXISTS incident_involvement_partnership_id_idx ON incident_involvement (partnership_id);
CREATE INDEX IF NOT EXISTS relationship_agency_id_partnership_id_idx ON relationship (agency_id, partnership_id);
CREATE INDEX IF NOT EXISTS relationship_partnership_id_idx ON relationship (partnership_id);
CREATE INDEX IF NOT EXISTS marac_case_agency_id_partnership_id_idx ON marac_case (agency_id, partnership_id);
CREATE INDEX IF NOT EXISTS marac_meeting_agency_id_partnership_id_idx ON marac_meeting (agency_id, partnership_id);
CREATE INDEX IF NOT EXISTS marac_meeting_chair_user_id_idx ON marac_meeting (chair_user_id);
CREATE INDEX IF NOT EXISTS marac_meeting_partnership_id_idx ON marac_meeting (partnership_id);
CREATE INDEX IF NOT EXISTS marac_meeting_agency_agency_id_partnership_id_idx ON marac_meeting_agency (agency_id, partnership_id);
CREATE INDEX IF NOT EXISTS marac_meeting_agency_meeting_id_partnership_id_idx ON marac_meeting_agency (meeting_id, partnership_id);
CREATE INDEX IF NOT EXISTS marac_meeting_case_case_id_partnership_id_idx ON marac_meeting_case (case_id, partnership_id);
CREATE INDEX IF NOT EXISTS marac_meeting_case_meeting_id_partnership_id_idx ON marac_meeting_case (meeting_id, partnership_id);
CREATE INDEX IF NOT EXISTS marac_research_agency_id_partnership_id_idx ON marac_research (agency_id, partnership_id);
CREATE INDEX IF NOT EXISTS marac_action_meeting_id_case_id_idx ON marac_action (meeting_id, case_id);
CREATE INDEX IF NOT EXISTS marac_action_owner_agency_id_partnership_id_idx ON marac_action (owner_agency_id, partnership_id);
CREATE INDEX IF NOT EXISTS marac_repeat_flag_person_id_idx ON marac_repeat_flag (person_id);
CREATE INDEX IF NOT EXISTS marac_transfer_out_case_id_idx ON marac_transfer_out (case_id);
CREATE INDEX IF NOT EXISTS marac_transfer_out_partnership_id_idx ON marac_transfer_out (partnership_id);
CREATE INDEX IF NOT EXISTS marac_transfer_in_case_id_idx ON marac_transfer_in (case_id);
CREATE INDEX IF NOT EXISTS marac_transfer_in_partnership_id_idx ON marac_transfer_in (partnership_id);
CREATE INDEX IF NOT EXISTS restricted_detail_agency_id_partnership_id_idx ON restricted_detail (agency_id, partnership_id);
CREATE INDEX IF NOT EXISTS restricted_detail_partnership_id_idx ON restricted_detail (partnership_id);
CREATE INDEX IF NOT EXISTS break_glass_grant_agency_id_partnership_id_idx ON break_glass_grant (agency_id, partnership_id);
CREATE INDEX IF NOT EXISTS break_glass_grant_partnership_id_idx ON break_glass_grant (partnership_id);
CREATE INDEX IF NOT EXISTS sharing_decision_partnership_id_idx ON sharing_decision (partnership_id);
CREATE INDEX IF NOT EXISTS sharing_decision_person_id_idx ON sharing_decision (person_id);
CREATE INDEX IF NOT EXISTS incident_import_partnership_id_idx ON incident_import (partnership_id);
CREATE INDEX IF NOT EXISTS team_agency_id_partnership_id_idx ON team (agency_id, partnership_id);
CREATE INDEX IF NOT EXISTS team_partnership_id_idx ON team (partnership_id);
CREATE INDEX IF NOT EXISTS team_member_partnership_id_idx ON team_member (partnership_id);
CREATE INDEX IF NOT EXISTS team_member_team_id_agency_id_idx ON team_member (team_id, agency_id);
CREATE INDEX IF NOT EXISTS safeguarding_reviewer_user_id_idx ON safeguarding_reviewer (user_id);
CREATE INDEX IF NOT EXISTS restricted_request_agency_id_partnership_id_idx ON restricted_request (agency_id, partnership_id);
CREATE INDEX IF NOT EXISTS restricted_request_decided_by_idx ON restricted_request (decided_by);
CREATE INDEX IF NOT EXISTS restricted_request_partnership_id_idx ON restricted_request (partnership_id);
CREATE INDEX IF NOT EXISTS restricted_request_user_id_idx ON restricted_request (user_id);
CREATE INDEX IF NOT EXISTS referral_agency_id_partnership_id_idx ON referral (agency_id, partnership_id);
CREATE INDEX IF NOT EXISTS referral_allocated_user_id_idx ON referral (allocated_user_id);
CREATE INDEX IF NOT EXISTS referral_decided_by_idx ON referral (decided_by);
CREATE INDEX IF NOT EXISTS referral_partnership_id_idx ON referral (partnership_id);
CREATE INDEX IF NOT EXISTS referral_person_id_idx ON referral (person_id);
CREATE INDEX IF NOT EXISTS referral_to_agency_id_partnership_id_idx ON referral (to_agency_id, partnership_id);
CREATE INDEX IF NOT EXISTS worklist_item_agency_id_partnership_id_idx ON worklist_item (agency_id, partnership_id);
CREATE INDEX IF NOT EXISTS worklist_item_partnership_id_idx ON worklist_item (partnership_id);
CREATE INDEX IF NOT EXISTS break_glass_grant_user_id_idx ON break_glass_grant (user_id);
-- The MARAC policies filter by partnership and then by meeting or agency.
CREATE INDEX IF NOT EXISTS marac_action_partnership_id_meeting_id_idx ON marac_action (partnership_id, meeting_id);
CREATE INDEX IF NOT EXISTS marac_meeting_agency_partnership_id_agency_id_idx ON marac_meeting_agency (partnership_id, agency_id);
CREATE INDEX IF NOT EXISTS marac_meeting_case_partnership_id_meeting_id_idx ON marac_meeting_case (partnership_id, meeting_id);
CREATE INDEX IF NOT EXISTS marac_research_partnership_id_meeting_id_idx ON marac_research (partnership_id, meeting_id);
`.execute(db);
}
