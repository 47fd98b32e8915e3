import { sql, type Kysely } from 'kysely';

// Abuse incidents and support contacts, and worklists for unowned risk.
//
// Each partnership keeps a list saying which kinds of contact are support
// contacts (an IDVA visit, a social care contact) rather than abuse incidents;
// a kind not on the list is an abuse incident. An incident is classified when it
// is recorded (is_abuse), whatever the route (page, API or import), by trigger.
// Only abuse incidents count toward flags, escalation and MARAC criteria.
//
// A worklist item is work somebody must own: an owning agency, optionally a
// named owner, a due time, and an outcome when it is closed. Items are made and
// closed by triggers and the jobs as records change, never by scanning on a
// request. The items hold ids and a kind only: no narrative, no name.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE TABLE contact_kind (
  partnership_id uuid NOT NULL REFERENCES partnership(id),
  contact_type text NOT NULL CHECK (length(contact_type) BETWEEN 1 AND 80),
  is_abuse boolean NOT NULL,
  updated_by uuid NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, contact_type)
);
ALTER TABLE contact_kind ENABLE ROW LEVEL SECURITY;
ALTER TABLE contact_kind FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON contact_kind TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY partnership_read ON contact_kind FOR SELECT TO wholepicture_app USING (partnership_id = current_partnership_id());
CREATE POLICY admin_write ON contact_kind FOR ALL TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND current_app_role() = 'administrator')
  WITH CHECK (partnership_id = current_partnership_id() AND current_app_role() = 'administrator' AND updated_by = current_app_user_id());
GRANT SELECT, INSERT, UPDATE (is_abuse, updated_by, updated_at) ON contact_kind TO wholepicture_app;

-- Default: support contacts are those an agency makes in supporting the victim.
CREATE FUNCTION contact_is_abuse(p_partnership uuid, p_type text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT coalesce((SELECT is_abuse FROM contact_kind WHERE partnership_id = p_partnership AND contact_type = p_type),
    coalesce(p_type, '') NOT IN ('idva-contact', 'social-care-contact', 'probation-contact', 'health-visitor-contact', 'support-contact'))
$f$;

ALTER TABLE incident ADD COLUMN is_abuse boolean NOT NULL DEFAULT true;
UPDATE incident SET is_abuse = contact_is_abuse(partnership_id, contact_type);
CREATE FUNCTION incident_classify() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  NEW.is_abuse := contact_is_abuse(NEW.partnership_id, NEW.contact_type);
  RETURN NEW;
END $f$;
CREATE TRIGGER incident_classify BEFORE INSERT ON incident FOR EACH ROW EXECUTE FUNCTION incident_classify();

CREATE TABLE worklist_setting (
  partnership_id uuid PRIMARY KEY REFERENCES partnership(id),
  police_checklist_hours integer NOT NULL DEFAULT 24 CHECK (police_checklist_hours BETWEEN 1 AND 2160),
  other_checklist_hours integer NOT NULL DEFAULT 168 CHECK (other_checklist_hours BETWEEN 1 AND 2160),
  updated_by uuid NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE worklist_setting ENABLE ROW LEVEL SECURITY;
ALTER TABLE worklist_setting FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON worklist_setting TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY partnership_read ON worklist_setting FOR SELECT TO wholepicture_app USING (partnership_id = current_partnership_id());
GRANT SELECT ON worklist_setting TO wholepicture_app;

CREATE TABLE worklist_item (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partnership_id uuid NOT NULL REFERENCES partnership(id),
  agency_id uuid NOT NULL,
  owner_user_id uuid REFERENCES app_user(id),
  -- whose list: the whole agency, or its domestic abuse lead's
  for_lead boolean NOT NULL DEFAULT false,
  kind text NOT NULL CHECK (kind IN ('incident-without-checklist','referral-not-picked-up')),
  subject_type text NOT NULL CHECK (subject_type IN ('incident','referral')),
  subject_id uuid NOT NULL,
  person_id uuid REFERENCES person(id),
  due_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
  outcome text CHECK (length(outcome) BETWEEN 1 AND 2000),
  closed_by uuid,
  closed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (agency_id, partnership_id) REFERENCES agency(id, partnership_id),
  UNIQUE (kind, subject_id, agency_id, for_lead),
  CHECK (status = 'open' OR (outcome IS NOT NULL AND closed_at IS NOT NULL))
);
CREATE INDEX worklist_open_agency ON worklist_item (agency_id, due_at) WHERE status = 'open';
CREATE INDEX worklist_open_owner ON worklist_item (owner_user_id, due_at) WHERE status = 'open';
CREATE INDEX worklist_person ON worklist_item (person_id) WHERE status = 'open';
ALTER TABLE worklist_item ENABLE ROW LEVEL SECURITY;
ALTER TABLE worklist_item FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON worklist_item TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY own_agency_read ON worklist_item FOR SELECT TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND agency_id = current_agency_id()
    AND (NOT for_lead OR current_app_role() = 'agency-lead' OR owner_user_id = current_app_user_id()));
CREATE POLICY own_agency_close ON worklist_item FOR UPDATE TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND agency_id = current_agency_id() AND status = 'open'
    AND (NOT for_lead OR current_app_role() = 'agency-lead' OR owner_user_id = current_app_user_id()))
  WITH CHECK (partnership_id = current_partnership_id() AND agency_id = current_agency_id() AND (status = 'open' OR closed_by = current_app_user_id()));
GRANT SELECT ON worklist_item TO wholepicture_app;
GRANT UPDATE (status, outcome, closed_by, closed_at, owner_user_id) ON worklist_item TO wholepicture_app;

-- An abuse incident with a victim puts an item on the recording agency's list and its lead's,
-- due within the partnership's time for a checklist (24 hours for police, 7 days for others by default).
CREATE FUNCTION worklist_incident_recorded() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
DECLARE
  v_hours integer;
  v_police boolean;
BEGIN
  IF NOT NEW.is_abuse THEN RETURN NEW; END IF;
  SELECT kind = 'police' INTO v_police FROM agency WHERE id = NEW.agency_id;
  SELECT CASE WHEN v_police THEN police_checklist_hours ELSE other_checklist_hours END INTO v_hours FROM worklist_setting WHERE partnership_id = NEW.partnership_id;
  v_hours := coalesce(v_hours, CASE WHEN v_police THEN 24 ELSE 168 END);
  -- No item when a checklist already follows the incident.
  IF EXISTS (SELECT 1 FROM assessment a WHERE a.person_id = NEW.person_id AND a.status = 'completed' AND a.completed_on >= NEW.occurred_on) THEN RETURN NEW; END IF;
  INSERT INTO worklist_item (partnership_id, agency_id, for_lead, kind, subject_type, subject_id, person_id, due_at)
    SELECT NEW.partnership_id, NEW.agency_id, lead, 'incident-without-checklist', 'incident', NEW.id, NEW.person_id, NEW.created_at + make_interval(hours => v_hours)
    FROM (VALUES (false), (true)) AS l(lead)
    ON CONFLICT DO NOTHING;
  RETURN NEW;
END $f$;
CREATE TRIGGER worklist_incident_recorded AFTER INSERT ON incident FOR EACH ROW EXECUTE FUNCTION worklist_incident_recorded();

-- A completed checklist for the victim (on this record or one confirmed as the same person) closes those items.
CREATE FUNCTION worklist_checklist_completed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  IF NEW.status <> 'completed' OR OLD.status = 'completed' THEN RETURN NEW; END IF;
  UPDATE worklist_item SET status = 'closed', outcome = 'Risk checklist completed', closed_by = NEW.created_by, closed_at = now()
    WHERE status = 'open' AND kind = 'incident-without-checklist' AND (person_id = NEW.person_id OR person_id IN (
      SELECT CASE WHEN person_a = NEW.person_id THEN person_b ELSE person_a END FROM person_link
      WHERE status = 'confirmed' AND (person_a = NEW.person_id OR person_b = NEW.person_id)));
  RETURN NEW;
END $f$;
CREATE TRIGGER worklist_checklist_completed AFTER UPDATE OF status ON assessment FOR EACH ROW EXECUTE FUNCTION worklist_checklist_completed();
CREATE FUNCTION worklist_checklist_recorded() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  IF NEW.status = 'completed' THEN
    UPDATE worklist_item SET status = 'closed', outcome = 'Risk checklist completed', closed_by = NEW.created_by, closed_at = now()
      WHERE status = 'open' AND kind = 'incident-without-checklist' AND person_id = NEW.person_id;
  END IF;
  RETURN NEW;
END $f$;
CREATE TRIGGER worklist_checklist_recorded AFTER INSERT ON assessment FOR EACH ROW EXECUTE FUNCTION worklist_checklist_recorded();

-- A referral decided closes its not-picked-up items.
CREATE FUNCTION worklist_referral_decided() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  IF NEW.status <> 'awaiting' AND OLD.status = 'awaiting' THEN
    UPDATE worklist_item SET status = 'closed', outcome = CASE WHEN NEW.status = 'accepted' THEN 'Referral accepted' ELSE 'Referral declined' END,
      closed_by = NEW.decided_by, closed_at = now()
      WHERE status = 'open' AND kind = 'referral-not-picked-up' AND subject_id = NEW.id;
  END IF;
  RETURN NEW;
END $f$;
CREATE TRIGGER worklist_referral_decided AFTER UPDATE OF status ON referral FOR EACH ROW EXECUTE FUNCTION worklist_referral_decided();
`.execute(db);
}
