import { sql, type Kysely } from 'kysely';

// Referrals between services: one agency refers a victim (from a checklist's next
// step, or on its own) to a receiving agency, which accepts it with an allocated
// worker or declines it with a reason. The referral belongs to the referring
// agency (agency_id) and is read only by it and the receiving agency. A referral
// not picked up by due_at (set from the partnership's response time for its risk
// level) is escalated once, by the job, to the receiving agency's lead.
//
// Nothing restricted is stored here: no safe address, phone number or refuge
// location. The reason and decline reason are free text for the practitioners;
// they are shown only to the two agencies and never put in an e-mail.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE TABLE referral_response_time (
  partnership_id uuid PRIMARY KEY REFERENCES partnership(id),
  high_hours integer NOT NULL DEFAULT 24 CHECK (high_hours BETWEEN 1 AND 2160),
  medium_hours integer NOT NULL DEFAULT 72 CHECK (medium_hours BETWEEN 1 AND 2160),
  standard_hours integer NOT NULL DEFAULT 168 CHECK (standard_hours BETWEEN 1 AND 2160),
  version integer NOT NULL DEFAULT 1,
  updated_by uuid NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE referral (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partnership_id uuid NOT NULL REFERENCES partnership(id),
  agency_id uuid NOT NULL,
  to_agency_id uuid NOT NULL,
  service text NOT NULL CHECK (service IN ('idva','childrens-social-care','adult-social-care','housing-sanctuary','specialist-domestic-abuse',
    'mental-health','substance-misuse','perpetrator-programme','other')),
  person_id uuid NOT NULL REFERENCES person(id),
  assessment_id uuid REFERENCES assessment(id),
  step_id text CHECK (length(step_id) BETWEEN 1 AND 80),
  risk_level text NOT NULL CHECK (risk_level IN ('standard','medium','high')),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 4000),
  consent_status text NOT NULL CHECK (consent_status IN ('given','refused','not-asked')),
  lawful_basis text CHECK (length(lawful_basis) <= 2000),
  shared_level text NOT NULL CHECK (shared_level IN ('shared-summary','full')),
  status text NOT NULL DEFAULT 'awaiting' CHECK (status IN ('awaiting','accepted','declined')),
  -- a signed-in user, or an agency system by its API credential (whose id stands as the user)
  referred_by uuid NOT NULL,
  referred_at timestamptz NOT NULL DEFAULT now(),
  due_at timestamptz NOT NULL,
  allocated_user_id uuid REFERENCES app_user(id),
  decided_by uuid REFERENCES app_user(id),
  decided_at timestamptz,
  decline_reason text CHECK (length(decline_reason) BETWEEN 1 AND 4000),
  escalated_at timestamptz,
  FOREIGN KEY (agency_id, partnership_id) REFERENCES agency(id, partnership_id),
  FOREIGN KEY (to_agency_id, partnership_id) REFERENCES agency(id, partnership_id),
  CHECK (consent_status = 'given' OR lawful_basis IS NOT NULL),
  CHECK (step_id IS NULL OR assessment_id IS NOT NULL),
  CHECK (status <> 'accepted' OR (allocated_user_id IS NOT NULL AND decided_at IS NOT NULL)),
  CHECK (status <> 'declined' OR (decline_reason IS NOT NULL AND decided_at IS NOT NULL))
);
-- One live referral per next step: a declined one may be made again.
CREATE UNIQUE INDEX referral_live_step ON referral (assessment_id, step_id) WHERE step_id IS NOT NULL AND status <> 'declined';
CREATE INDEX referral_received ON referral (to_agency_id, status, due_at);
CREATE INDEX referral_sent ON referral (agency_id, referred_at);
CREATE INDEX referral_overdue ON referral (due_at) WHERE status = 'awaiting' AND escalated_at IS NULL;

ALTER TABLE referral_response_time ENABLE ROW LEVEL SECURITY;
ALTER TABLE referral_response_time FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON referral_response_time TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY partnership_read ON referral_response_time FOR SELECT TO wholepicture_app USING (partnership_id = current_partnership_id());
CREATE POLICY admin_insert ON referral_response_time FOR INSERT TO wholepicture_app
  WITH CHECK (partnership_id = current_partnership_id() AND current_app_role() = 'administrator' AND updated_by = current_app_user_id());
CREATE POLICY admin_update ON referral_response_time FOR UPDATE TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND current_app_role() = 'administrator')
  WITH CHECK (partnership_id = current_partnership_id() AND updated_by = current_app_user_id());
GRANT SELECT, INSERT, UPDATE (high_hours, medium_hours, standard_hours, version, updated_by, updated_at) ON referral_response_time TO wholepicture_app;

ALTER TABLE referral ENABLE ROW LEVEL SECURITY;
ALTER TABLE referral FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON referral TO CURRENT_USER USING (true) WITH CHECK (true);
-- Only the two agencies the referral is between see it.
CREATE POLICY between_agencies_read ON referral FOR SELECT TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND (agency_id = current_agency_id() OR to_agency_id = current_agency_id()));
CREATE POLICY own_agency_insert ON referral FOR INSERT TO wholepicture_app
  WITH CHECK (partnership_id = current_partnership_id() AND agency_id = current_agency_id() AND referred_by = current_app_user_id()
    AND status = 'awaiting' AND escalated_at IS NULL AND decided_by IS NULL AND allocated_user_id IS NULL
    AND current_app_role() IN ('practitioner','agency-lead'));
-- Only the receiving agency decides, once, in its own name.
CREATE POLICY receiver_decides ON referral FOR UPDATE TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND to_agency_id = current_agency_id() AND status = 'awaiting')
  WITH CHECK (partnership_id = current_partnership_id() AND to_agency_id = current_agency_id() AND decided_by = current_app_user_id());
GRANT SELECT, INSERT ON referral TO wholepicture_app;
GRANT UPDATE (status, allocated_user_id, decided_by, decided_at, decline_reason) ON referral TO wholepicture_app;
`.execute(db);
}
