import { sql, type Kysely } from 'kysely';

// Worklist items follow the records confirmed as the same person, whichever comes first:
// - an abuse incident on one agency's record raises no "no checklist" item when a checklist already
//   follows it on another agency's record confirmed as the same person (it looked at its own record only);
// - confirming a link answers what the joined records already answer: an incident's "no checklist" item
//   closes when a checklist on a record now joined to it followed the incident, and a "criterion with no
//   referral" item closes when a MARAC referral about the joined person came after it was raised;
// - cumulative concern already counts contacts across confirmed records (worklist_concern_incidents), and
//   is looked at again when a link is confirmed.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE OR REPLACE FUNCTION worklist_incident_recorded() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
DECLARE
  v_hours integer;
  v_police boolean;
BEGIN
  IF NOT NEW.is_abuse THEN RETURN NEW; END IF;
  SELECT kind = 'police' INTO v_police FROM agency WHERE id = NEW.agency_id;
  SELECT CASE WHEN v_police THEN police_checklist_hours ELSE other_checklist_hours END INTO v_hours FROM worklist_setting WHERE partnership_id = NEW.partnership_id;
  v_hours := coalesce(v_hours, CASE WHEN v_police THEN 24 ELSE 168 END);
  -- No item when a checklist already follows the incident, on this record or one confirmed as the same person.
  IF EXISTS (SELECT 1 FROM assessment a WHERE a.person_id IN (SELECT person_confirmed_ids(NEW.person_id))
      AND a.status = 'completed' AND a.completed_on >= NEW.occurred_on) THEN RETURN NEW; END IF;
  INSERT INTO worklist_item (partnership_id, agency_id, for_lead, kind, subject_type, subject_id, person_id, due_at)
    SELECT NEW.partnership_id, NEW.agency_id, lead, 'incident-without-checklist', 'incident', NEW.id, NEW.person_id, NEW.created_at + make_interval(hours => v_hours)
    FROM (VALUES (false), (true)) AS l(lead)
    ON CONFLICT DO NOTHING;
  RETURN NEW;
END $f$;

-- What the records joined by a confirmed link already answer, for the person of one of them.
CREATE FUNCTION worklist_joined_answers(p_person uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  WITH answered AS (
    SELECT w.id, (SELECT a.created_by FROM assessment a WHERE a.person_id IN (SELECT person_confirmed_ids(p_person))
        AND a.status = 'completed' AND a.completed_on >= i.occurred_on ORDER BY a.completed_on LIMIT 1) AS by_user
    FROM worklist_item w JOIN incident i ON i.id = w.subject_id
    WHERE w.status = 'open' AND w.kind = 'incident-without-checklist' AND w.person_id IN (SELECT person_confirmed_ids(p_person)))
  UPDATE worklist_item w SET status = 'closed', answered_at = coalesce(w.answered_at, now()),
      outcome = 'Risk checklist completed on a record confirmed as the same person', closed_by = a.by_user, closed_at = now()
    FROM answered a WHERE a.id = w.id AND a.by_user IS NOT NULL;
  WITH answered AS (
    SELECT w.id, (SELECT r.referred_by FROM marac_referral r WHERE r.person_id IN (SELECT person_confirmed_ids(p_person))
        AND r.referred_at >= w.created_at ORDER BY r.referred_at LIMIT 1) AS by_user
    FROM worklist_item w
    WHERE w.status = 'open' AND w.kind = 'criterion-without-referral' AND w.person_id IN (SELECT person_confirmed_ids(p_person)))
  UPDATE worklist_item w SET status = 'closed', answered_at = coalesce(w.answered_at, now()),
      outcome = 'Referred to MARAC on a record confirmed as the same person', closed_by = a.by_user, closed_at = now()
    FROM answered a WHERE a.id = w.id AND a.by_user IS NOT NULL;
END $f$;
REVOKE ALL ON FUNCTION worklist_joined_answers(uuid) FROM PUBLIC;

CREATE OR REPLACE FUNCTION worklist_link_confirmed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  IF NEW.status = 'confirmed' AND (TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM 'confirmed') THEN
    PERFORM worklist_joined_answers(NEW.person_a);
    PERFORM worklist_concern_check(NEW.person_a);
  END IF;
  RETURN NULL;
END $f$;
`.execute(db);
}
