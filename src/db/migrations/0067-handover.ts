import { sql, type Kysely } from 'kysely';

// Handover: a worker's open work moved to a colleague in the same agency, with a
// note, and nothing left with a deactivated user.
//
// What a user owns by name: the referrals allocated to them (accepted by their
// agency) and the worklist items they own. MARAC cases and actions belong to an
// agency, not a user, and stay with it. Handing over is one database function,
// so the rule of who may (the worker themself, their agency's lead, or the
// partnership's administrator) and what moves are enforced together, in one
// transaction, whatever calls it; each handover is kept with its note.
//
// Deactivating a user who still owns open items moves them to the agency
// lead's list: worklist items become the lead's (or the agency's, where the
// lead has one for the same thing already), allocated referrals go to an
// active lead of the agency. With no lead to take a referral, deactivation is
// refused (the administrator hands over first).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE TABLE handover (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partnership_id uuid NOT NULL REFERENCES partnership(id),
  agency_id uuid NOT NULL,
  from_user_id uuid NOT NULL REFERENCES app_user(id),
  to_user_id uuid REFERENCES app_user(id),
  note text NOT NULL CHECK (length(note) BETWEEN 1 AND 2000),
  made_by uuid REFERENCES app_user(id),
  made_at timestamptz NOT NULL DEFAULT now(),
  referrals integer NOT NULL,
  worklist_items integer NOT NULL,
  FOREIGN KEY (agency_id, partnership_id) REFERENCES agency(id, partnership_id)
);
CREATE INDEX handover_from ON handover (from_user_id, made_at);
ALTER TABLE handover ENABLE ROW LEVEL SECURITY;
ALTER TABLE handover FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON handover TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY involved_read ON handover FOR SELECT TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND (current_app_role() = 'administrator'
    OR current_app_user_id() IN (from_user_id, to_user_id)
    OR (current_app_role() = 'agency-lead' AND agency_id = current_agency_id())));
GRANT SELECT ON handover TO wholepicture_app;

-- Whether the signed-in user may hand over p_user's work: themself, their agency's lead, or the administrator.
CREATE FUNCTION may_hand_over(p_user uuid) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT EXISTS (SELECT 1 FROM app_user u WHERE u.id = p_user AND u.partnership_id = current_partnership_id()
    AND (u.id = current_app_user_id() OR current_app_role() = 'administrator'
      OR (current_app_role() = 'agency-lead' AND u.agency_id = current_agency_id())))
$f$;

-- What p_user owns that is open, for those who may hand it over (nothing for anyone else).
CREATE FUNCTION open_work_of(p_user uuid) RETURNS TABLE (referrals bigint, worklist_items bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT (SELECT count(*) FROM referral r WHERE r.allocated_user_id = p_user AND r.status = 'accepted'),
         (SELECT count(*) FROM worklist_item w WHERE w.owner_user_id = p_user AND w.status = 'open')
  WHERE may_hand_over(p_user)
$f$;

-- Colleagues who can take p_user's work: the active users of the same agency who work cases.
CREATE FUNCTION handover_colleagues(p_user uuid) RETURNS TABLE (id uuid, display_name text, role text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT c.id, c.display_name, c.role FROM app_user u JOIN app_user c ON c.agency_id = u.agency_id
  WHERE u.id = p_user AND may_hand_over(p_user) AND c.id <> u.id AND c.active AND c.role IN ('practitioner', 'agency-lead')
  ORDER BY c.display_name
$f$;

-- Moves p_user's open work to p_to with a note. NULL when the caller may not, or p_to is no colleague.
CREATE FUNCTION hand_over(p_user uuid, p_to uuid, p_note text) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
DECLARE
  moved_referrals integer;
  moved_items integer;
  made uuid;
  from_user app_user;
BEGIN
  IF NOT may_hand_over(p_user) OR NOT EXISTS (SELECT 1 FROM handover_colleagues(p_user) c WHERE c.id = p_to) THEN
    RETURN NULL;
  END IF;
  SELECT * INTO from_user FROM app_user WHERE id = p_user;
  UPDATE referral SET allocated_user_id = p_to WHERE allocated_user_id = p_user AND status = 'accepted';
  GET DIAGNOSTICS moved_referrals = ROW_COUNT;
  UPDATE worklist_item SET owner_user_id = p_to WHERE owner_user_id = p_user AND status = 'open';
  GET DIAGNOSTICS moved_items = ROW_COUNT;
  INSERT INTO handover (partnership_id, agency_id, from_user_id, to_user_id, note, made_by, referrals, worklist_items)
  VALUES (from_user.partnership_id, from_user.agency_id, p_user, p_to, p_note, current_app_user_id(), moved_referrals, moved_items)
  RETURNING id INTO made;
  RETURN made;
END $f$;
REVOKE ALL ON FUNCTION hand_over(uuid, uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION hand_over(uuid, uuid, text) TO wholepicture_app;

-- Nothing stays with a deactivated user: what they still own goes to their agency lead's list.
CREATE FUNCTION app_user_deactivated() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
DECLARE
  lead uuid;
  moved_referrals integer;
  moved_items integer;
BEGIN
  IF NOT (OLD.active AND NOT NEW.active) THEN RETURN NEW; END IF;
  -- To the lead's list, or the agency's where the lead already has an item for the same thing (one each).
  UPDATE worklist_item w SET owner_user_id = NULL, for_lead = NOT EXISTS (SELECT 1 FROM worklist_item o
    WHERE o.kind = w.kind AND o.subject_id = w.subject_id AND o.agency_id = w.agency_id AND o.for_lead AND o.id <> w.id)
  WHERE w.owner_user_id = OLD.id AND w.status = 'open';
  GET DIAGNOSTICS moved_items = ROW_COUNT;
  SELECT id INTO lead FROM app_user WHERE agency_id = OLD.agency_id AND role = 'agency-lead' AND active AND id <> OLD.id
    ORDER BY created_at LIMIT 1;
  IF EXISTS (SELECT 1 FROM referral WHERE allocated_user_id = OLD.id AND status = 'accepted') THEN
    IF lead IS NULL THEN
      RAISE EXCEPTION 'the user still has referrals allocated and their agency has no lead to take them: hand them over first'
        USING ERRCODE = 'WP409';
    END IF;
  END IF;
  UPDATE referral SET allocated_user_id = lead WHERE allocated_user_id = OLD.id AND status = 'accepted';
  GET DIAGNOSTICS moved_referrals = ROW_COUNT;
  IF moved_referrals + moved_items > 0 THEN
    INSERT INTO handover (partnership_id, agency_id, from_user_id, to_user_id, note, made_by, referrals, worklist_items)
    VALUES (OLD.partnership_id, OLD.agency_id, OLD.id, lead, 'Moved to the agency lead when the user was deactivated',
      current_app_user_id(), moved_referrals, moved_items);
  END IF;
  RETURN NEW;
END $f$;
CREATE TRIGGER app_user_deactivated BEFORE UPDATE OF active ON app_user FOR EACH ROW EXECUTE FUNCTION app_user_deactivated();
`.execute(db);
}
