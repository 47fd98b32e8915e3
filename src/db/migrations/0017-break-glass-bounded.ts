import { sql, type Kysely } from 'kysely';

// Break-glass bounded: only case-working roles, one person, a fixed 60 minutes;
// a second grant for the same person within a day waits for a reviewer's
// approval. Every agency has a reviewer: its lead, or the partnership's
// designated safeguarding reviewer when it has none; grants unreviewed after
// three working days are escalated to that reviewer. The agency holding the
// record sees the grants on it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
ALTER TABLE break_glass_grant ADD COLUMN approval text NOT NULL DEFAULT 'not-needed' CHECK (approval IN ('not-needed','waiting','approved','refused'));
ALTER TABLE break_glass_grant ADD COLUMN approved_by uuid;
ALTER TABLE break_glass_grant ADD COLUMN approved_at timestamptz;
ALTER TABLE break_glass_grant ADD COLUMN escalated_at timestamptz;

-- A grant opens access only once it needs no approval or has it.
CREATE OR REPLACE FUNCTION break_glass_active(p_person uuid) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT EXISTS (SELECT 1 FROM break_glass_grant WHERE person_id = p_person AND user_id = current_app_user_id() AND expires_at > now()
    AND approval IN ('not-needed','approved'))
$f$;

-- Whether the acting user already had a grant for the person in the last 24 hours.
CREATE FUNCTION break_glass_recent(p_person uuid) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT EXISTS (SELECT 1 FROM break_glass_grant WHERE person_id = p_person AND user_id = current_app_user_id() AND granted_at > now() - interval '1 day')
$f$;

-- The reviewer of an agency's grants: its lead; the partnership's designated reviewer when the agency has no
-- active lead, or once a grant has been escalated. Never the user who holds the grant.
CREATE FUNCTION may_review_break_glass(p_agency uuid, p_user uuid, p_escalated timestamptz) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT p_user <> current_app_user_id() AND (
    (current_app_role() = 'agency-lead' AND p_agency = current_agency_id())
    OR (is_safeguarding_reviewer() AND (p_escalated IS NOT NULL OR NOT EXISTS (
      SELECT 1 FROM app_user u WHERE u.agency_id = p_agency AND u.role = 'agency-lead' AND u.active))))
$f$;

-- A reviewer approves or refuses a second grant within a day; an approval starts its 60 minutes now.
CREATE FUNCTION decide_break_glass(p_grant uuid, p_approve boolean) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $f$
DECLARE g break_glass_grant;
BEGIN
  SELECT * INTO g FROM break_glass_grant WHERE id = p_grant AND partnership_id = current_partnership_id() AND approval = 'waiting' FOR UPDATE;
  IF NOT FOUND OR NOT may_review_break_glass(g.agency_id, g.user_id, g.escalated_at) THEN RETURN false; END IF;
  IF p_approve THEN
    UPDATE break_glass_grant SET approval = 'approved', approved_by = current_app_user_id(), approved_at = now(), granted_at = now(), expires_at = now() + interval '60 minutes' WHERE id = p_grant;
  ELSE
    UPDATE break_glass_grant SET approval = 'refused', approved_by = current_app_user_id(), approved_at = now(), expires_at = granted_at + interval '1 second' WHERE id = p_grant;
  END IF;
  RETURN true;
END
$f$;
-- Whether a grant id belongs to the acting user's partnership (so a route can say "not found" before anything else).
CREATE FUNCTION break_glass_grant_in_partnership(p_grant uuid) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT EXISTS (SELECT 1 FROM break_glass_grant WHERE id = p_grant AND partnership_id = current_partnership_id())
$f$;
REVOKE ALL ON FUNCTION break_glass_grant_in_partnership(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION break_glass_grant_in_partnership(uuid) TO wholepicture_app;
REVOKE ALL ON FUNCTION break_glass_recent(uuid), may_review_break_glass(uuid, uuid, timestamptz), decide_break_glass(uuid, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION break_glass_recent(uuid), may_review_break_glass(uuid, uuid, timestamptz), decide_break_glass(uuid, boolean) TO wholepicture_app;

DROP POLICY self_insert ON break_glass_grant;
CREATE POLICY self_insert ON break_glass_grant FOR INSERT TO wholepicture_app
  WITH CHECK (partnership_id = current_partnership_id() AND agency_id = current_agency_id() AND user_id = current_app_user_id() AND reviewed_at IS NULL
    AND current_app_role() IN ('practitioner','agency-lead','marac-coordinator','marac-chair')
    -- The application sets 60 minutes by the database clock; the minute's slack is for a caller's clock running ahead.
    AND expires_at <= now() + interval '61 minutes'
    AND approval = CASE WHEN break_glass_recent(person_id) THEN 'waiting' ELSE 'not-needed' END);

DROP POLICY own_or_lead_read ON break_glass_grant;
CREATE POLICY involved_read ON break_glass_grant FOR SELECT TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND (user_id = current_app_user_id() OR may_review_break_glass(agency_id, user_id, escalated_at)
    OR EXISTS (SELECT 1 FROM person p WHERE p.id = person_id AND p.agency_id = current_agency_id())));

DROP POLICY lead_review ON break_glass_grant;
CREATE POLICY reviewer_review ON break_glass_grant FOR UPDATE TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND reviewed_at IS NULL AND may_review_break_glass(agency_id, user_id, escalated_at))
  WITH CHECK (reviewed_by = current_app_user_id());
GRANT INSERT (approval) ON break_glass_grant TO wholepicture_app;
CREATE INDEX break_glass_person_user ON break_glass_grant (person_id, user_id, granted_at);
`.execute(db);
}
