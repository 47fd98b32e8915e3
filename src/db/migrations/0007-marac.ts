import { sql, type Kysely } from 'kysely';

// MARAC: referral decisions, cases, meetings with their attending agencies,
// agency research, actions, repeat flags, transfers between partnerships, the
// quarterly return's population figure, and the background job table.
//
// Need-to-know is enforced here, not only in the pages: a meeting's agenda
// (its cases), research and minutes are readable only by the agencies
// attending that meeting, the meeting's chair and the MARAC coordinator.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
ALTER TABLE marac_referral
  ADD COLUMN source text NOT NULL DEFAULT 'checklist' CHECK (source IN ('checklist','manual')),
  ADD COLUMN consent_status text CHECK (consent_status IN ('given','refused','not-asked')),
  ADD COLUMN lawful_basis text CHECK (length(lawful_basis) <= 2000),
  ADD COLUMN children_in_household integer CHECK (children_in_household BETWEEN 0 AND 30),
  ADD COLUMN is_repeat boolean NOT NULL DEFAULT false,
  ADD COLUMN case_id uuid,
  ADD COLUMN decision_reason text CHECK (length(decision_reason) <= 4000),
  ADD COLUMN decided_by uuid,
  ADD COLUMN decided_at timestamptz;

CREATE TABLE marac_area (
  partnership_id uuid PRIMARY KEY REFERENCES partnership(id),
  adult_women_population integer NOT NULL CHECK (adult_women_population BETWEEN 1 AND 100000000),
  updated_by uuid NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE marac_case (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partnership_id uuid NOT NULL REFERENCES partnership(id),
  agency_id uuid NOT NULL,
  person_id uuid NOT NULL REFERENCES person(id),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed','transferred')),
  listing_needed boolean NOT NULL DEFAULT true,
  is_repeat boolean NOT NULL DEFAULT false,
  risk_level text CHECK (risk_level IN ('standard','medium','high')),
  summary text CHECK (length(summary) <= 8000),
  children_in_household integer NOT NULL DEFAULT 0 CHECK (children_in_household BETWEEN 0 AND 30),
  consent_status text NOT NULL DEFAULT 'not-asked' CHECK (consent_status IN ('given','refused','not-asked')),
  lawful_basis text CHECK (length(lawful_basis) <= 2000),
  victim_sex text NOT NULL DEFAULT 'not-known' CHECK (victim_sex IN ('female','male','other','not-known')),
  victim_bme boolean,
  victim_lgbt boolean,
  victim_disabled boolean,
  first_referral_at timestamptz NOT NULL DEFAULT now(),
  opened_by uuid NOT NULL,
  opened_at timestamptz NOT NULL DEFAULT now(),
  outcome text CHECK (length(outcome) <= 4000),
  closed_by uuid,
  closed_at timestamptz,
  transferred_in_from text,
  FOREIGN KEY (agency_id, partnership_id) REFERENCES agency(id, partnership_id),
  UNIQUE (id, partnership_id)
);
CREATE INDEX marac_case_person ON marac_case (person_id, status);
CREATE INDEX marac_case_listing ON marac_case (partnership_id, listing_needed) WHERE status = 'open';
ALTER TABLE marac_referral ADD FOREIGN KEY (case_id) REFERENCES marac_case(id);

CREATE TABLE marac_meeting (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partnership_id uuid NOT NULL REFERENCES partnership(id),
  agency_id uuid NOT NULL,
  held_on date NOT NULL,
  chair_user_id uuid NOT NULL REFERENCES app_user(id),
  capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 60),
  status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled','held')),
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (agency_id, partnership_id) REFERENCES agency(id, partnership_id),
  UNIQUE (id, partnership_id)
);

CREATE TABLE marac_meeting_agency (
  meeting_id uuid NOT NULL,
  partnership_id uuid NOT NULL,
  agency_id uuid NOT NULL,
  PRIMARY KEY (meeting_id, agency_id),
  FOREIGN KEY (meeting_id, partnership_id) REFERENCES marac_meeting(id, partnership_id),
  FOREIGN KEY (agency_id, partnership_id) REFERENCES agency(id, partnership_id)
);
CREATE INDEX marac_meeting_agency_agency ON marac_meeting_agency (agency_id, meeting_id);

CREATE TABLE marac_meeting_case (
  meeting_id uuid NOT NULL,
  case_id uuid NOT NULL,
  partnership_id uuid NOT NULL,
  position integer NOT NULL CHECK (position >= 1),
  is_repeat boolean NOT NULL,
  children_in_household integer NOT NULL,
  information_shared text CHECK (length(information_shared) <= 20000),
  decisions text CHECK (length(decisions) <= 20000),
  PRIMARY KEY (meeting_id, case_id),
  FOREIGN KEY (meeting_id, partnership_id) REFERENCES marac_meeting(id, partnership_id),
  FOREIGN KEY (case_id, partnership_id) REFERENCES marac_case(id, partnership_id)
);
CREATE INDEX marac_meeting_case_case ON marac_meeting_case (case_id);

CREATE TABLE marac_research (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partnership_id uuid NOT NULL,
  meeting_id uuid NOT NULL,
  case_id uuid NOT NULL,
  agency_id uuid NOT NULL,
  no_trace boolean NOT NULL,
  victim text CHECK (length(victim) <= 8000),
  perpetrator text CHECK (length(perpetrator) <= 8000),
  children text CHECK (length(children) <= 8000),
  recorded_by uuid NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (meeting_id, case_id, agency_id),
  FOREIGN KEY (meeting_id, case_id) REFERENCES marac_meeting_case(meeting_id, case_id),
  FOREIGN KEY (agency_id, partnership_id) REFERENCES agency(id, partnership_id),
  CHECK (no_trace OR coalesce(victim, perpetrator, children) IS NOT NULL)
);

CREATE TABLE marac_action (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partnership_id uuid NOT NULL,
  case_id uuid NOT NULL,
  meeting_id uuid NOT NULL,
  owner_agency_id uuid NOT NULL,
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
  due_on date NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','completed')),
  completion_note text CHECK (length(completion_note) <= 4000),
  completed_by uuid,
  completed_at timestamptz,
  last_reminded_on date,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (meeting_id, case_id) REFERENCES marac_meeting_case(meeting_id, case_id),
  FOREIGN KEY (owner_agency_id, partnership_id) REFERENCES agency(id, partnership_id),
  CHECK (status = 'open' OR (completion_note IS NOT NULL AND completed_at IS NOT NULL))
);
CREATE INDEX marac_action_owner ON marac_action (owner_agency_id, status, due_on);
CREATE INDEX marac_action_case ON marac_action (case_id);

CREATE TABLE marac_repeat_flag (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partnership_id uuid NOT NULL REFERENCES partnership(id),
  person_id uuid NOT NULL REFERENCES person(id),
  source text NOT NULL CHECK (source IN ('incident','assessment','referral')),
  source_id uuid NOT NULL,
  last_marac_on date NOT NULL,
  flagged_at timestamptz NOT NULL DEFAULT now(),
  seen_at timestamptz,
  UNIQUE (source, source_id)
);
CREATE INDEX marac_repeat_flag_partnership ON marac_repeat_flag (partnership_id, flagged_at);

-- A transfer is two rows: the sender's record in the sending partnership and
-- the package copied into the receiving partnership. Neither partnership can
-- read the other's row; only the functions below cross.
CREATE TABLE marac_transfer_out (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partnership_id uuid NOT NULL REFERENCES partnership(id),
  case_id uuid NOT NULL REFERENCES marac_case(id),
  to_partnership_name text NOT NULL,
  status text NOT NULL DEFAULT 'sent' CHECK (status IN ('sent','accepted')),
  sent_by uuid NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  accepted_at timestamptz
);
CREATE TABLE marac_transfer_in (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partnership_id uuid NOT NULL REFERENCES partnership(id),
  transfer_out_id uuid NOT NULL UNIQUE REFERENCES marac_transfer_out(id),
  from_partnership_name text NOT NULL,
  package jsonb NOT NULL,
  status text NOT NULL DEFAULT 'received' CHECK (status IN ('received','accepted')),
  received_at timestamptz NOT NULL DEFAULT now(),
  accepted_by uuid,
  accepted_at timestamptz,
  case_id uuid REFERENCES marac_case(id)
);

-- Background jobs: claimed with FOR UPDATE SKIP LOCKED (see docs/adr/0008). Only the owner touches it.
CREATE TABLE background_job (
  id bigserial PRIMARY KEY,
  queue text NOT NULL CHECK (length(queue) BETWEEN 1 AND 100),
  payload jsonb NOT NULL DEFAULT '{}',
  singleton_key text UNIQUE,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','running','done','failed')),
  run_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 3,
  last_error text,
  started_at timestamptz,
  finished_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX background_job_due ON background_job (run_at) WHERE status = 'queued';
`.execute(db);

  const tables = [
    'marac_area',
    'marac_case',
    'marac_meeting',
    'marac_meeting_agency',
    'marac_meeting_case',
    'marac_research',
    'marac_action',
    'marac_repeat_flag',
    'marac_transfer_out',
    'marac_transfer_in',
    'background_job',
  ];
  for (const table of tables) {
    const t = sql.table(table);
    await sql`ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`ALTER TABLE ${t} FORCE ROW LEVEL SECURITY`.execute(db);
    await sql`CREATE POLICY owner_all ON ${t} TO CURRENT_USER USING (true) WITH CHECK (true)`.execute(db);
  }

  await sql`
CREATE FUNCTION marac_is_coordinator() RETURNS boolean LANGUAGE sql STABLE
  AS $f$ SELECT current_app_role() = 'marac-coordinator' $f$;

-- Attends: the actor's agency is listed for the meeting, or the actor chairs it, or coordinates MARAC.
-- SECURITY DEFINER so policies on several tables can share it without recursing through each other's policies;
-- it reads only the meeting's attendee list and chair, for the actor's own partnership.
CREATE FUNCTION marac_attends(p_meeting uuid) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT current_app_role() = 'marac-coordinator' AND EXISTS (SELECT 1 FROM marac_meeting m WHERE m.id = p_meeting AND m.partnership_id = current_partnership_id())
    OR EXISTS (SELECT 1 FROM marac_meeting_agency a WHERE a.meeting_id = p_meeting AND a.agency_id = current_agency_id() AND a.partnership_id = current_partnership_id())
    OR EXISTS (SELECT 1 FROM marac_meeting m WHERE m.id = p_meeting AND m.chair_user_id = current_app_user_id() AND m.partnership_id = current_partnership_id())
$f$;

-- A case is visible to the coordinator and chairs, to agencies attending a meeting that lists it, and to agencies owning one of its actions.
CREATE FUNCTION marac_case_visible(p_case uuid) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT current_app_role() IN ('marac-coordinator','marac-chair')
    OR EXISTS (SELECT 1 FROM marac_meeting_case mc WHERE mc.case_id = p_case AND marac_attends(mc.meeting_id))
    OR EXISTS (SELECT 1 FROM marac_action a WHERE a.case_id = p_case AND a.owner_agency_id = current_agency_id())
$f$;
REVOKE ALL ON FUNCTION marac_attends(uuid), marac_case_visible(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION marac_attends(uuid), marac_case_visible(uuid), marac_is_coordinator() TO wholepicture_app;

CREATE POLICY partnership_read ON marac_area FOR SELECT TO wholepicture_app USING (partnership_id = current_partnership_id());
CREATE POLICY coordinator_insert ON marac_area FOR INSERT TO wholepicture_app
  WITH CHECK (partnership_id = current_partnership_id() AND marac_is_coordinator() AND updated_by = current_app_user_id());
CREATE POLICY coordinator_update ON marac_area FOR UPDATE TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND marac_is_coordinator()) WITH CHECK (partnership_id = current_partnership_id());

-- Referrals: the coordinator decides; the referrer already reads its partnership's referrals (0003).
CREATE POLICY coordinator_decide ON marac_referral FOR UPDATE TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND marac_is_coordinator()) WITH CHECK (partnership_id = current_partnership_id());

CREATE POLICY need_to_know_read ON marac_case FOR SELECT TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND marac_case_visible(id));
CREATE POLICY coordinator_insert ON marac_case FOR INSERT TO wholepicture_app
  WITH CHECK (partnership_id = current_partnership_id() AND agency_id = current_agency_id() AND marac_is_coordinator() AND opened_by = current_app_user_id());
CREATE POLICY coordinator_update ON marac_case FOR UPDATE TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND marac_is_coordinator()) WITH CHECK (partnership_id = current_partnership_id());

-- Meetings themselves (date, chair, capacity) are partnership-wide: agencies need to know when they meet.
CREATE POLICY partnership_read ON marac_meeting FOR SELECT TO wholepicture_app USING (partnership_id = current_partnership_id());
CREATE POLICY coordinator_insert ON marac_meeting FOR INSERT TO wholepicture_app
  WITH CHECK (partnership_id = current_partnership_id() AND agency_id = current_agency_id() AND marac_is_coordinator() AND created_by = current_app_user_id());
CREATE POLICY coordinator_update ON marac_meeting FOR UPDATE TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND marac_is_coordinator()) WITH CHECK (partnership_id = current_partnership_id());
CREATE POLICY partnership_read ON marac_meeting_agency FOR SELECT TO wholepicture_app USING (partnership_id = current_partnership_id());
CREATE POLICY coordinator_insert ON marac_meeting_agency FOR INSERT TO wholepicture_app
  WITH CHECK (partnership_id = current_partnership_id() AND marac_is_coordinator());

-- The agenda and minutes: attendees only.
CREATE POLICY attendees_read ON marac_meeting_case FOR SELECT TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND marac_attends(meeting_id));
CREATE POLICY coordinator_insert ON marac_meeting_case FOR INSERT TO wholepicture_app
  WITH CHECK (partnership_id = current_partnership_id() AND marac_is_coordinator());
CREATE POLICY coordinator_or_chair_update ON marac_meeting_case FOR UPDATE TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND (marac_is_coordinator() OR current_app_role() = 'marac-chair') AND marac_attends(meeting_id))
  WITH CHECK (partnership_id = current_partnership_id());

CREATE POLICY attendees_read ON marac_research FOR SELECT TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND marac_attends(meeting_id));
CREATE POLICY own_agency_insert ON marac_research FOR INSERT TO wholepicture_app
  WITH CHECK (partnership_id = current_partnership_id() AND agency_id = current_agency_id() AND recorded_by = current_app_user_id()
    AND EXISTS (SELECT 1 FROM marac_meeting_agency a WHERE a.meeting_id = marac_research.meeting_id AND a.agency_id = current_agency_id()));
CREATE POLICY own_agency_update ON marac_research FOR UPDATE TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND agency_id = current_agency_id())
  WITH CHECK (partnership_id = current_partnership_id() AND agency_id = current_agency_id() AND recorded_by = current_app_user_id());

CREATE POLICY need_to_know_read ON marac_action FOR SELECT TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND (owner_agency_id = current_agency_id() OR current_app_role() IN ('marac-coordinator','marac-chair') OR marac_attends(meeting_id)));
CREATE POLICY coordinator_or_chair_insert ON marac_action FOR INSERT TO wholepicture_app
  WITH CHECK (partnership_id = current_partnership_id() AND created_by = current_app_user_id() AND (marac_is_coordinator() OR current_app_role() = 'marac-chair'));
CREATE POLICY owner_or_coordinator_update ON marac_action FOR UPDATE TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND (owner_agency_id = current_agency_id() OR marac_is_coordinator()))
  WITH CHECK (partnership_id = current_partnership_id());

CREATE POLICY coordinator_read ON marac_repeat_flag FOR SELECT TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND current_app_role() IN ('marac-coordinator','marac-chair'));
CREATE POLICY coordinator_update ON marac_repeat_flag FOR UPDATE TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND marac_is_coordinator()) WITH CHECK (partnership_id = current_partnership_id());

CREATE POLICY coordinator_read ON marac_transfer_out FOR SELECT TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND marac_is_coordinator());
CREATE POLICY coordinator_read ON marac_transfer_in FOR SELECT TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND marac_is_coordinator());

-- The coordinator records that a victim was discussed (read by the risk checklist's repeat criterion).
CREATE POLICY coordinator_insert ON last_marac FOR INSERT TO wholepicture_app
  WITH CHECK (partnership_id = current_partnership_id() AND marac_is_coordinator());
CREATE POLICY coordinator_update ON last_marac FOR UPDATE TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND marac_is_coordinator()) WITH CHECK (partnership_id = current_partnership_id());

GRANT INSERT, UPDATE (discussed_on) ON last_marac TO wholepicture_app;
GRANT UPDATE (status, decision_reason, decided_by, decided_at, consent_status, lawful_basis, children_in_household, case_id, is_repeat) ON marac_referral TO wholepicture_app;
GRANT SELECT, INSERT ON marac_area, marac_case, marac_meeting, marac_meeting_agency, marac_meeting_case, marac_research, marac_action TO wholepicture_app;
GRANT UPDATE (adult_women_population, updated_by, updated_at) ON marac_area TO wholepicture_app;
GRANT UPDATE (status, listing_needed, is_repeat, risk_level, summary, children_in_household, consent_status, lawful_basis, victim_sex, victim_bme,
  victim_lgbt, victim_disabled, outcome, closed_by, closed_at) ON marac_case TO wholepicture_app;
GRANT UPDATE (status) ON marac_meeting TO wholepicture_app;
GRANT UPDATE (information_shared, decisions) ON marac_meeting_case TO wholepicture_app;
GRANT UPDATE (no_trace, victim, perpetrator, children, recorded_by, recorded_at) ON marac_research TO wholepicture_app;
GRANT UPDATE (status, completion_note, completed_by, completed_at) ON marac_action TO wholepicture_app;
GRANT SELECT ON marac_repeat_flag, marac_transfer_out, marac_transfer_in TO wholepicture_app;
GRANT UPDATE (seen_at) ON marac_repeat_flag TO wholepicture_app;
`.execute(db);

  // Repeats are recognised by the database whichever module writes the incident, checklist or referral.
  await sql`
CREATE FUNCTION marac_flag_repeat(p_partnership uuid, p_person uuid, p_source text, p_source_id uuid, p_on date) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
DECLARE v_last date;
BEGIN
  SELECT discussed_on INTO v_last FROM last_marac WHERE person_id = p_person AND partnership_id = p_partnership;
  IF v_last IS NULL OR p_on < v_last OR p_on > (v_last + interval '12 months')::date THEN RETURN false; END IF;
  INSERT INTO marac_repeat_flag (partnership_id, person_id, source, source_id, last_marac_on)
    VALUES (p_partnership, p_person, p_source, p_source_id, v_last) ON CONFLICT (source, source_id) DO NOTHING;
  RETURN true;
END $f$;

CREATE FUNCTION marac_incident_repeat() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  PERFORM marac_flag_repeat(NEW.partnership_id, NEW.person_id, 'incident', NEW.id, NEW.occurred_on);
  RETURN NULL;
END $f$;
CREATE TRIGGER marac_repeat AFTER INSERT ON incident FOR EACH ROW EXECUTE FUNCTION marac_incident_repeat();

CREATE FUNCTION marac_assessment_repeat() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  IF NEW.status = 'completed' AND (TG_OP = 'INSERT' OR OLD.status = 'draft') THEN
    PERFORM marac_flag_repeat(NEW.partnership_id, NEW.person_id, 'assessment', NEW.id, NEW.completed_on);
  END IF;
  RETURN NULL;
END $f$;
CREATE TRIGGER marac_repeat AFTER INSERT OR UPDATE OF status ON assessment FOR EACH ROW EXECUTE FUNCTION marac_assessment_repeat();

-- A referral for a victim with an open case, or discussed in the last 12 months, is a repeat: it joins
-- that case rather than starting another. Consent and children come from the checklist when there is one.
CREATE FUNCTION marac_referral_before_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
DECLARE v_case uuid; v_discussed boolean;
BEGIN
  SELECT EXISTS (SELECT 1 FROM last_marac WHERE person_id = NEW.person_id AND partnership_id = NEW.partnership_id
    AND discussed_on >= (NEW.referred_at::date - interval '12 months')::date) INTO v_discussed;
  SELECT id INTO v_case FROM marac_case WHERE person_id = NEW.person_id AND partnership_id = NEW.partnership_id
    AND (status = 'open' OR v_discussed) ORDER BY (status = 'open') DESC, opened_at DESC LIMIT 1;
  -- Set here whatever the inserting role sent: a referral always starts undecided, and only this rule links it to a case.
  NEW.is_repeat := v_case IS NOT NULL OR v_discussed;
  NEW.case_id := v_case;
  NEW.status := 'awaiting-coordinator';
  NEW.decision_reason := NULL;
  NEW.decided_by := NULL;
  NEW.decided_at := NULL;
  IF NEW.assessment_id IS NOT NULL THEN
    SELECT coalesce(NEW.consent_status, a.consent_to_share), coalesce(NEW.children_in_household, a.children_in_household)
      INTO NEW.consent_status, NEW.children_in_household FROM assessment a WHERE a.id = NEW.assessment_id;
  END IF;
  RETURN NEW;
END $f$;
CREATE TRIGGER marac_repeat_before BEFORE INSERT ON marac_referral FOR EACH ROW EXECUTE FUNCTION marac_referral_before_insert();

CREATE FUNCTION marac_referral_repeat() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  PERFORM marac_flag_repeat(NEW.partnership_id, NEW.person_id, 'referral', NEW.id, NEW.referred_at::date);
  RETURN NULL;
END $f$;
CREATE TRIGGER marac_repeat AFTER INSERT ON marac_referral FOR EACH ROW EXECUTE FUNCTION marac_referral_repeat();
REVOKE ALL ON FUNCTION marac_flag_repeat(uuid, uuid, text, uuid, date) FROM PUBLIC;
`.execute(db);

  // Transfers cross tenancy only through these functions, which copy the transfer package and nothing else.
  await sql`
CREATE FUNCTION marac_transfer_destinations() RETURNS TABLE (id uuid, name text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT id, name FROM partnership WHERE id <> current_partnership_id() AND current_app_role() = 'marac-coordinator' ORDER BY name
$f$;

CREATE FUNCTION marac_send_transfer(p_case uuid, p_to uuid, p_package jsonb) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
DECLARE v_from uuid := current_partnership_id(); v_out uuid; v_from_name text; v_to_name text;
BEGIN
  IF current_app_role() IS DISTINCT FROM 'marac-coordinator' OR v_from IS NULL THEN RAISE EXCEPTION 'only a MARAC coordinator sends transfers' USING ERRCODE = '42501'; END IF;
  IF NOT EXISTS (SELECT 1 FROM marac_case WHERE id = p_case AND partnership_id = v_from AND status = 'open') THEN
    RAISE EXCEPTION 'no open case to transfer' USING ERRCODE = '22023';
  END IF;
  SELECT name INTO v_to_name FROM partnership WHERE id = p_to AND id <> v_from;
  IF v_to_name IS NULL THEN RAISE EXCEPTION 'no such partnership' USING ERRCODE = '22023'; END IF;
  SELECT name INTO v_from_name FROM partnership WHERE id = v_from;
  INSERT INTO marac_transfer_out (partnership_id, case_id, to_partnership_name, sent_by) VALUES (v_from, p_case, v_to_name, current_app_user_id()) RETURNING id INTO v_out;
  INSERT INTO marac_transfer_in (partnership_id, transfer_out_id, from_partnership_name, package) VALUES (p_to, v_out, v_from_name, p_package);
  UPDATE marac_case SET status = 'transferred', listing_needed = false, closed_at = now(), closed_by = current_app_user_id(),
    outcome = 'Transferred to ' || v_to_name WHERE id = p_case;
  RETURN v_out;
END $f$;

CREATE FUNCTION marac_accept_transfer(p_in uuid, p_case uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
DECLARE v_out uuid;
BEGIN
  IF current_app_role() IS DISTINCT FROM 'marac-coordinator' THEN RAISE EXCEPTION 'only a MARAC coordinator accepts transfers' USING ERRCODE = '42501'; END IF;
  IF NOT EXISTS (SELECT 1 FROM marac_case WHERE id = p_case AND partnership_id = current_partnership_id()) THEN
    RAISE EXCEPTION 'the receiving case must be in your partnership' USING ERRCODE = '22023';
  END IF;
  UPDATE marac_transfer_in SET status = 'accepted', accepted_by = current_app_user_id(), accepted_at = now(), case_id = p_case
    WHERE id = p_in AND partnership_id = current_partnership_id() AND status = 'received' RETURNING transfer_out_id INTO v_out;
  IF v_out IS NULL THEN RAISE EXCEPTION 'no such transfer awaiting acceptance' USING ERRCODE = '22023'; END IF;
  UPDATE marac_transfer_out SET status = 'accepted', accepted_at = now() WHERE id = v_out;
END $f$;

REVOKE ALL ON FUNCTION marac_transfer_destinations(), marac_send_transfer(uuid, uuid, jsonb), marac_accept_transfer(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION marac_transfer_destinations(), marac_send_transfer(uuid, uuid, jsonb), marac_accept_transfer(uuid, uuid) TO wholepicture_app;
`.execute(db);
}
