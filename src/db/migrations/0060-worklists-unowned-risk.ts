import { sql, type Kysely } from 'kysely';

// Worklist items for the rest of the risk the system can already see, each kept up to date by
// triggers as records change (never recomputed by scanning on a request):
//
// - a MARAC criterion met with no referral: a completed checklist meeting a criterion, police
//   incidents reaching the partnership's escalation threshold, or an incident within 12 months of
//   the last MARAC (a repeat); on the list of the agency whose record triggered it and on the MARAC
//   coordinator's, closed when the MARAC referral is made;
// - cumulative concern: incidents or contacts (support contacts count here, as in the person's flag)
//   from two or more agencies in 12 months with no checklist, or with only standard or medium
//   checklists while contacts keep coming; put on one lead
//   agency's list by the partnership's rule, with a deadline for a checklist and one for a
//   decision. Nothing closes it but the decision recorded by a person: a checklist does not;
// - a risk management plan or safety plan past its review date, answered by its next version;
// - a MARAC action past its due date, answered when it is completed.
//
// Items due in future (a plan's review, an action's due date) are written when the record is, and
// shown from `shows_from`. `answered_at` records when the record that answers the risk arrived
// (the checklist after an incident, the referral after a criterion), even after an item was closed
// by hand, so the time from one to the other can be reported.
//
// Records of one person held by several agencies count together only once a practitioner has
// confirmed the match (person_confirmed_ids).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
ALTER TABLE worklist_setting
  ADD COLUMN criterion_referral_hours integer NOT NULL DEFAULT 24 CHECK (criterion_referral_hours BETWEEN 1 AND 2160),
  ADD COLUMN concern_checklist_days integer NOT NULL DEFAULT 7 CHECK (concern_checklist_days BETWEEN 1 AND 90),
  ADD COLUMN concern_decision_days integer NOT NULL DEFAULT 14 CHECK (concern_decision_days BETWEEN 1 AND 90),
  ADD COLUMN concern_lead_rule text NOT NULL DEFAULT 'most-incidents' CHECK (concern_lead_rule IN ('most-incidents','latest-incident','named-agency')),
  ADD COLUMN concern_lead_agency_id uuid,
  ADD COLUMN version integer NOT NULL DEFAULT 1,
  ADD CONSTRAINT worklist_setting_named_lead CHECK (concern_lead_rule <> 'named-agency' OR concern_lead_agency_id IS NOT NULL),
  ADD CONSTRAINT worklist_setting_lead_agency FOREIGN KEY (concern_lead_agency_id, partnership_id) REFERENCES agency(id, partnership_id);
CREATE POLICY admin_insert ON worklist_setting FOR INSERT TO wholepicture_app
  WITH CHECK (partnership_id = current_partnership_id() AND current_app_role() = 'administrator' AND updated_by = current_app_user_id());
CREATE POLICY admin_update ON worklist_setting FOR UPDATE TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND current_app_role() = 'administrator')
  WITH CHECK (partnership_id = current_partnership_id() AND updated_by = current_app_user_id());
GRANT INSERT, UPDATE (police_checklist_hours, other_checklist_hours, criterion_referral_hours, concern_checklist_days,
  concern_decision_days, concern_lead_rule, concern_lead_agency_id, version, updated_by, updated_at) ON worklist_setting TO wholepicture_app;

ALTER TABLE worklist_item DROP CONSTRAINT worklist_item_kind_check;
ALTER TABLE worklist_item ADD CONSTRAINT worklist_item_kind_check CHECK (kind IN ('incident-without-checklist','referral-not-picked-up',
  'criterion-without-referral','cumulative-concern','plan-review-overdue','marac-action-overdue'));
ALTER TABLE worklist_item DROP CONSTRAINT worklist_item_subject_type_check;
ALTER TABLE worklist_item ADD CONSTRAINT worklist_item_subject_type_check CHECK (subject_type IN ('incident','referral','assessment','risk-plan','marac-action'));
ALTER TABLE worklist_item
  ADD COLUMN for_coordinator boolean NOT NULL DEFAULT false,
  ADD COLUMN shows_from timestamptz,
  ADD COLUMN checklist_due_at timestamptz,
  ADD COLUMN answered_at timestamptz,
  ADD COLUMN decision text CHECK (decision IN ('managed-by-lead-agency','referred-to-marac','referred-to-service','no-further-action')),
  ADD CONSTRAINT worklist_item_decided CHECK (kind <> 'cumulative-concern' OR status = 'open' OR decision IS NOT NULL);
ALTER TABLE worklist_item DROP CONSTRAINT worklist_item_kind_subject_id_agency_id_for_lead_key;
ALTER TABLE worklist_item ADD CONSTRAINT worklist_item_once UNIQUE (kind, subject_id, agency_id, for_lead, for_coordinator);
CREATE INDEX worklist_open_coordinator ON worklist_item (partnership_id, due_at) WHERE status = 'open' AND for_coordinator;
GRANT UPDATE (decision) ON worklist_item TO wholepicture_app;

-- The coordinator's items are the coordinator's: the agency sees its own copy of the item, not this one.
DROP POLICY own_agency_read ON worklist_item;
CREATE POLICY own_agency_read ON worklist_item FOR SELECT TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND agency_id = current_agency_id() AND NOT for_coordinator
    AND (NOT for_lead OR current_app_role() = 'agency-lead' OR owner_user_id = current_app_user_id()));
DROP POLICY own_agency_close ON worklist_item;
CREATE POLICY own_agency_close ON worklist_item FOR UPDATE TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND agency_id = current_agency_id() AND status = 'open' AND NOT for_coordinator
    AND (NOT for_lead OR current_app_role() = 'agency-lead' OR owner_user_id = current_app_user_id()))
  WITH CHECK (partnership_id = current_partnership_id() AND agency_id = current_agency_id() AND (status = 'open' OR closed_by = current_app_user_id()));
CREATE POLICY coordinator_read ON worklist_item FOR SELECT TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND for_coordinator AND current_app_role() = 'marac-coordinator');
CREATE POLICY coordinator_close ON worklist_item FOR UPDATE TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND for_coordinator AND current_app_role() = 'marac-coordinator' AND status = 'open')
  WITH CHECK (partnership_id = current_partnership_id() AND for_coordinator AND (status = 'open' OR closed_by = current_app_user_id()));

-- A checklist answers the incidents before it: record when (for reporting), and close those still open.
CREATE OR REPLACE FUNCTION worklist_checklist_answers(p_person uuid, p_by uuid) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public AS $f$
  UPDATE worklist_item SET answered_at = now()
    WHERE kind = 'incident-without-checklist' AND answered_at IS NULL AND person_id IN (SELECT person_confirmed_ids(p_person));
  UPDATE worklist_item SET status = 'closed', outcome = 'Risk checklist completed', closed_by = p_by, closed_at = now()
    WHERE status = 'open' AND kind = 'incident-without-checklist' AND person_id IN (SELECT person_confirmed_ids(p_person));
$f$;
REVOKE ALL ON FUNCTION worklist_checklist_answers(uuid, uuid) FROM PUBLIC;
CREATE OR REPLACE FUNCTION worklist_checklist_completed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  IF NEW.status <> 'completed' OR OLD.status = 'completed' THEN RETURN NEW; END IF;
  PERFORM worklist_checklist_answers(NEW.person_id, NEW.created_by);
  RETURN NEW;
END $f$;
CREATE OR REPLACE FUNCTION worklist_checklist_recorded() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  IF NEW.status = 'completed' THEN PERFORM worklist_checklist_answers(NEW.person_id, NEW.created_by); END IF;
  RETURN NEW;
END $f$;

-- A MARAC criterion met with no referral: on the agency's list and the coordinator's, once per person at a time.
CREATE FUNCTION worklist_raise_criterion(p_partnership uuid, p_agency uuid, p_subject_type text, p_subject uuid, p_person uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
DECLARE v_hours integer;
BEGIN
  IF EXISTS (SELECT 1 FROM worklist_item WHERE status = 'open' AND kind = 'criterion-without-referral'
      AND person_id IN (SELECT person_confirmed_ids(p_person))) THEN RETURN; END IF;
  SELECT criterion_referral_hours INTO v_hours FROM worklist_setting WHERE partnership_id = p_partnership;
  INSERT INTO worklist_item (partnership_id, agency_id, for_coordinator, kind, subject_type, subject_id, person_id, due_at)
    SELECT p_partnership, p_agency, c, 'criterion-without-referral', p_subject_type, p_subject, p_person, now() + make_interval(hours => coalesce(v_hours, 24))
    FROM (VALUES (false), (true)) AS l(c)
    ON CONFLICT DO NOTHING;
END $f$;
REVOKE ALL ON FUNCTION worklist_raise_criterion(uuid, uuid, text, uuid, uuid) FROM PUBLIC;

CREATE FUNCTION worklist_checklist_criteria() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  IF NEW.status <> 'completed' OR (TG_OP = 'UPDATE' AND OLD.status = 'completed') THEN RETURN NULL; END IF;
  IF jsonb_typeof(NEW.criteria_met) IS DISTINCT FROM 'array' OR jsonb_array_length(NEW.criteria_met) = 0 THEN RETURN NULL; END IF;
  IF EXISTS (SELECT 1 FROM marac_referral WHERE assessment_id = NEW.id) THEN RETURN NULL; END IF;
  PERFORM worklist_raise_criterion(NEW.partnership_id, NEW.agency_id, 'assessment', NEW.id, NEW.person_id);
  RETURN NULL;
END $f$;
CREATE TRIGGER worklist_checklist_criteria AFTER INSERT OR UPDATE OF status ON assessment FOR EACH ROW EXECUTE FUNCTION worklist_checklist_criteria();

-- Police-recorded abuse incidents reaching the partnership's threshold in 12 months, with no MARAC referral in that time.
CREATE FUNCTION worklist_incident_escalation() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
DECLARE v_threshold integer; v_count integer;
BEGIN
  IF NOT NEW.is_abuse OR NOT NEW.police_recorded THEN RETURN NULL; END IF;
  SELECT escalation_incident_threshold INTO v_threshold FROM partnership WHERE id = NEW.partnership_id;
  SELECT count(*) INTO v_count FROM incident
    WHERE person_id IN (SELECT person_confirmed_ids(NEW.person_id)) AND is_abuse AND police_recorded
      AND occurred_on >= (current_date - interval '12 months')::date;
  IF v_count < coalesce(v_threshold, 3) THEN RETURN NULL; END IF;
  IF EXISTS (SELECT 1 FROM marac_referral WHERE person_id IN (SELECT person_confirmed_ids(NEW.person_id))
      AND referred_at >= now() - interval '12 months') THEN RETURN NULL; END IF;
  PERFORM worklist_raise_criterion(NEW.partnership_id, NEW.agency_id, 'incident', NEW.id, NEW.person_id);
  RETURN NULL;
END $f$;
CREATE TRIGGER worklist_incident_escalation AFTER INSERT ON incident FOR EACH ROW EXECUTE FUNCTION worklist_incident_escalation();

-- An abuse incident within 12 months of the last MARAC (the repeat the MARAC module flags), with no referral since.
CREATE FUNCTION worklist_repeat_flagged() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
DECLARE v_incident incident%ROWTYPE;
BEGIN
  IF NEW.source <> 'incident' THEN RETURN NULL; END IF;
  SELECT * INTO v_incident FROM incident WHERE id = NEW.source_id;
  IF NOT FOUND OR NOT v_incident.is_abuse THEN RETURN NULL; END IF;
  IF EXISTS (SELECT 1 FROM marac_referral WHERE person_id IN (SELECT person_confirmed_ids(NEW.person_id))
      AND referred_at::date >= v_incident.occurred_on) THEN RETURN NULL; END IF;
  PERFORM worklist_raise_criterion(v_incident.partnership_id, v_incident.agency_id, 'incident', v_incident.id, v_incident.person_id);
  RETURN NULL;
END $f$;
CREATE TRIGGER worklist_repeat_flagged AFTER INSERT ON marac_repeat_flag FOR EACH ROW EXECUTE FUNCTION worklist_repeat_flagged();

-- The MARAC referral answers the criterion.
CREATE FUNCTION worklist_marac_referred() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  UPDATE worklist_item SET answered_at = now()
    WHERE kind = 'criterion-without-referral' AND answered_at IS NULL AND person_id IN (SELECT person_confirmed_ids(NEW.person_id));
  UPDATE worklist_item SET status = 'closed', outcome = 'Referred to MARAC', closed_by = NEW.referred_by, closed_at = now()
    WHERE status = 'open' AND kind = 'criterion-without-referral' AND person_id IN (SELECT person_confirmed_ids(NEW.person_id));
  RETURN NULL;
END $f$;
CREATE TRIGGER worklist_marac_referred AFTER INSERT ON marac_referral FOR EACH ROW EXECUTE FUNCTION worklist_marac_referred();

-- The incidents and contacts (support contacts too) that count toward a person's concern: since a date, recorded after the last decision.
CREATE FUNCTION worklist_concern_incidents(p_person uuid, p_since date, p_decided timestamptz)
RETURNS TABLE (id uuid, agency_id uuid, person_id uuid, partnership_id uuid, occurred_on date, created_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT i.id, i.agency_id, i.person_id, i.partnership_id, i.occurred_on, i.created_at FROM incident i
  WHERE i.person_id IN (SELECT person_confirmed_ids(p_person)) AND i.occurred_on >= p_since
    AND (p_decided IS NULL OR i.created_at > p_decided)
$f$;
REVOKE ALL ON FUNCTION worklist_concern_incidents(uuid, date, timestamptz) FROM PUBLIC;

-- Cumulative concern for a person (all records confirmed as theirs). Counts abuse incidents since the
-- later of 12 months ago and the last decision on an earlier concern (incidents and contacts recorded since), so a decision is not re-asked
-- until agencies see new things.
CREATE FUNCTION worklist_concern_check(p_person uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
DECLARE
  v_partnership uuid;
  v_decided timestamptz;
  v_since date := (current_date - interval '12 months')::date;
  v_agencies integer;
  v_checked date;
  v_checked_at timestamptz;
  v_high boolean;
  s worklist_setting%ROWTYPE;
  v_lead uuid;
  v_latest record;
  v_person uuid;
BEGIN
  IF EXISTS (SELECT 1 FROM worklist_item WHERE status = 'open' AND kind = 'cumulative-concern'
      AND person_id IN (SELECT person_confirmed_ids(p_person))) THEN RETURN; END IF;
  SELECT max(closed_at) INTO v_decided FROM worklist_item
    WHERE kind = 'cumulative-concern' AND person_id IN (SELECT person_confirmed_ids(p_person));
  SELECT count(DISTINCT agency_id) INTO v_agencies FROM worklist_concern_incidents(p_person, v_since, v_decided);
  IF v_agencies < 2 THEN RETURN; END IF;
  SELECT max(completed_on), max(created_at), coalesce(bool_or(level = 'high'), false) INTO v_checked, v_checked_at, v_high FROM assessment
    WHERE person_id IN (SELECT person_confirmed_ids(p_person)) AND status = 'completed' AND completed_on >= v_since;
  -- A high-risk checklist is for the MARAC criterion, not this item.
  IF v_high THEN RETURN; END IF;
  -- A standard or medium checklist answers the concern only until the next contact: one after it, or
  -- one recorded after it was started (which it could not have weighed).
  IF v_checked IS NOT NULL AND NOT EXISTS (SELECT 1 FROM worklist_concern_incidents(p_person, v_since, v_decided)
      WHERE occurred_on > v_checked OR created_at > v_checked_at) THEN RETURN; END IF;

  SELECT * INTO v_latest FROM worklist_concern_incidents(p_person, v_since, v_decided) ORDER BY occurred_on DESC, created_at DESC LIMIT 1;
  v_partnership := v_latest.partnership_id;
  SELECT * INTO s FROM worklist_setting WHERE partnership_id = v_partnership;
  IF s.concern_lead_rule = 'named-agency' THEN
    SELECT id INTO v_lead FROM agency WHERE id = s.concern_lead_agency_id AND active;
  ELSIF s.concern_lead_rule = 'latest-incident' THEN
    v_lead := v_latest.agency_id;
  END IF;
  IF v_lead IS NULL THEN
    SELECT agency_id INTO v_lead FROM worklist_concern_incidents(p_person, v_since, v_decided)
      GROUP BY agency_id ORDER BY count(*) DESC, max(occurred_on) DESC, max(created_at) DESC LIMIT 1;
  END IF;
  -- The lead agency's own record of the person, when it has one; otherwise the latest incident's.
  SELECT id INTO v_person FROM person WHERE id IN (SELECT person_confirmed_ids(p_person)) AND agency_id = v_lead ORDER BY created_at LIMIT 1;
  INSERT INTO worklist_item (partnership_id, agency_id, kind, subject_type, subject_id, person_id, checklist_due_at, due_at)
    VALUES (v_partnership, v_lead, 'cumulative-concern', 'incident', v_latest.id, coalesce(v_person, v_latest.person_id),
      now() + make_interval(days => coalesce(s.concern_checklist_days, 7)), now() + make_interval(days => coalesce(s.concern_decision_days, 14)))
    ON CONFLICT DO NOTHING;
END $f$;
REVOKE ALL ON FUNCTION worklist_concern_check(uuid) FROM PUBLIC;

CREATE FUNCTION worklist_incident_concern() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  PERFORM worklist_concern_check(NEW.person_id);
  RETURN NULL;
END $f$;
CREATE TRIGGER worklist_incident_concern AFTER INSERT ON incident FOR EACH ROW EXECUTE FUNCTION worklist_incident_concern();

-- A match confirmed joins two records' incidents: the concern is looked at again.
CREATE FUNCTION worklist_link_confirmed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  IF NEW.status = 'confirmed' AND (TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM 'confirmed') THEN
    PERFORM worklist_concern_check(NEW.person_a);
  END IF;
  RETURN NULL;
END $f$;
CREATE TRIGGER worklist_link_confirmed AFTER INSERT OR UPDATE OF status ON person_link FOR EACH ROW EXECUTE FUNCTION worklist_link_confirmed();

-- A plan is due for review on its review date; shown from the day after. Its next version answers it.
CREATE FUNCTION worklist_plan_agreed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  UPDATE worklist_item SET answered_at = now(), status = 'closed', outcome = 'Plan reviewed: a new version was agreed',
      closed_by = NEW.created_by, closed_at = now()
    WHERE status = 'open' AND kind = 'plan-review-overdue'
      AND subject_id IN (SELECT id FROM risk_plan WHERE assessment_id = NEW.assessment_id AND kind = NEW.kind AND id <> NEW.id);
  INSERT INTO worklist_item (partnership_id, agency_id, kind, subject_type, subject_id, person_id, due_at, shows_from)
    SELECT NEW.partnership_id, NEW.agency_id, 'plan-review-overdue', 'risk-plan', NEW.id, a.person_id,
      (NEW.review_on + 1)::timestamptz, (NEW.review_on + 1)::timestamptz
    FROM assessment a WHERE a.id = NEW.assessment_id
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $f$;
CREATE TRIGGER worklist_plan_agreed AFTER INSERT ON risk_plan FOR EACH ROW EXECUTE FUNCTION worklist_plan_agreed();

-- A MARAC action is overdue the day after its due date; completing it answers the item. (Its owner is
-- also e-mailed by the MARAC module.)
CREATE FUNCTION worklist_action_set() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO worklist_item (partnership_id, agency_id, kind, subject_type, subject_id, person_id, due_at, shows_from)
      SELECT NEW.partnership_id, NEW.owner_agency_id, 'marac-action-overdue', 'marac-action', NEW.id, c.person_id,
        (NEW.due_on + 1)::timestamptz, (NEW.due_on + 1)::timestamptz
      FROM marac_case c WHERE c.id = NEW.case_id
      ON CONFLICT DO NOTHING;
  ELSIF NEW.status = 'completed' AND OLD.status <> 'completed' THEN
    UPDATE worklist_item SET answered_at = now(), status = 'closed', outcome = 'MARAC action completed',
        closed_by = NEW.completed_by, closed_at = now()
      WHERE status = 'open' AND kind = 'marac-action-overdue' AND subject_id = NEW.id;
  ELSIF NEW.due_on IS DISTINCT FROM OLD.due_on OR NEW.owner_agency_id IS DISTINCT FROM OLD.owner_agency_id THEN
    UPDATE worklist_item SET due_at = (NEW.due_on + 1)::timestamptz, shows_from = (NEW.due_on + 1)::timestamptz, agency_id = NEW.owner_agency_id
      WHERE status = 'open' AND kind = 'marac-action-overdue' AND subject_id = NEW.id;
  END IF;
  RETURN NULL;
END $f$;
CREATE TRIGGER worklist_action_set AFTER INSERT OR UPDATE ON marac_action FOR EACH ROW EXECUTE FUNCTION worklist_action_set();

-- Records already held when this arrives: open actions, and the latest version of each plan.
INSERT INTO worklist_item (partnership_id, agency_id, kind, subject_type, subject_id, person_id, due_at, shows_from)
  SELECT x.partnership_id, x.owner_agency_id, 'marac-action-overdue', 'marac-action', x.id, c.person_id, (x.due_on + 1)::timestamptz, (x.due_on + 1)::timestamptz
  FROM marac_action x JOIN marac_case c ON c.id = x.case_id WHERE x.status = 'open'
  ON CONFLICT DO NOTHING;
INSERT INTO worklist_item (partnership_id, agency_id, kind, subject_type, subject_id, person_id, due_at, shows_from)
  SELECT p.partnership_id, p.agency_id, 'plan-review-overdue', 'risk-plan', p.id, a.person_id, (p.review_on + 1)::timestamptz, (p.review_on + 1)::timestamptz
  FROM risk_plan p JOIN assessment a ON a.id = p.assessment_id
  WHERE NOT EXISTS (SELECT 1 FROM risk_plan n WHERE n.assessment_id = p.assessment_id AND n.kind = p.kind AND n.version > p.version)
  ON CONFLICT DO NOTHING;
`.execute(db);
}
