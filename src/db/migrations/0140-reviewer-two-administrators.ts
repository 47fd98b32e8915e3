import { sql, type Kysely } from 'kysely';

// Choosing or changing the partnership's designated safeguarding reviewer (who may approve restricted
// details and break-glass where an agency has no lead) takes two administrators, like granting agency lead
// or administrator: one asks (a privileged change for the 'safeguarding-reviewer'), another approves, and
// the approval makes the designation. The app role can no longer write the designation itself.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
ALTER TABLE privileged_change DROP CONSTRAINT privileged_change_role_check;
ALTER TABLE privileged_change ADD CONSTRAINT privileged_change_role_check
  CHECK (role IN ('agency-lead', 'administrator', 'safeguarding-reviewer'));

-- The backstop: no administrator designates alone, whatever the pages do.
DROP POLICY admin_designate ON safeguarding_reviewer;
DROP POLICY admin_redesignate ON safeguarding_reviewer;
REVOKE INSERT, UPDATE, DELETE ON safeguarding_reviewer FROM wholepicture_app;

-- Who may be the reviewer: an active user of the partnership who works cases (never an administrator or analyst).
CREATE FUNCTION may_be_safeguarding_reviewer(p_user uuid, p_partnership uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT EXISTS (SELECT 1 FROM app_user WHERE id = p_user AND partnership_id = p_partnership AND active
    AND role IN ('practitioner', 'agency-lead', 'marac-coordinator', 'marac-chair'))
$f$;
REVOKE ALL ON FUNCTION may_be_safeguarding_reviewer(uuid, uuid) FROM PUBLIC;

-- An administrator asks; an earlier waiting request for the same change lapses into this one
-- (for the reviewer, any waiting choice of reviewer; for a role, that user's waiting role change).
CREATE OR REPLACE FUNCTION privileged_change_request(p_user uuid, p_role text) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
DECLARE v_id uuid;
BEGIN
  IF (SELECT current_app_role()) IS DISTINCT FROM 'administrator' THEN RETURN NULL; END IF;
  IF NOT EXISTS (SELECT 1 FROM app_user WHERE id = p_user AND partnership_id = (SELECT current_partnership_id()) AND active) THEN RETURN NULL; END IF;
  IF p_role = 'safeguarding-reviewer' THEN
    IF NOT may_be_safeguarding_reviewer(p_user, (SELECT current_partnership_id())) THEN RETURN NULL; END IF;
    DELETE FROM privileged_change WHERE partnership_id = (SELECT current_partnership_id()) AND status = 'waiting'
      AND role = 'safeguarding-reviewer';
  ELSE
    DELETE FROM privileged_change WHERE partnership_id = (SELECT current_partnership_id()) AND status = 'waiting'
      AND user_id = p_user AND role <> 'safeguarding-reviewer';
  END IF;
  INSERT INTO privileged_change (partnership_id, user_id, role, requested_by)
    VALUES ((SELECT current_partnership_id()), p_user, p_role, (SELECT current_app_user_id()))
    RETURNING id INTO v_id;
  RETURN v_id;
END
$f$;

-- Another administrator of the partnership decides; an approval applies the change at once. A reviewer
-- who no longer works cases here cannot be approved (the request stays waiting, to be refused).
CREATE OR REPLACE FUNCTION privileged_change_decide(p_id uuid, p_approve boolean) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
DECLARE c privileged_change;
BEGIN
  IF (SELECT current_app_role()) IS DISTINCT FROM 'administrator' THEN RETURN NULL; END IF;
  SELECT * INTO c FROM privileged_change WHERE id = p_id AND partnership_id = (SELECT current_partnership_id())
    AND status = 'waiting' FOR UPDATE;
  IF NOT FOUND OR c.requested_by = (SELECT current_app_user_id()) THEN RETURN NULL; END IF;
  -- The approver must themselves still be an active administrator here.
  IF NOT EXISTS (SELECT 1 FROM app_user WHERE id = (SELECT current_app_user_id()) AND partnership_id = c.partnership_id
    AND role = 'administrator' AND active) THEN RETURN NULL; END IF;
  IF p_approve AND c.role = 'safeguarding-reviewer' AND NOT may_be_safeguarding_reviewer(c.user_id, c.partnership_id) THEN
    RETURN NULL;
  END IF;
  UPDATE privileged_change SET status = CASE WHEN p_approve THEN 'approved' ELSE 'refused' END,
    decided_by = (SELECT current_app_user_id()), decided_at = now() WHERE id = p_id;
  IF p_approve AND c.role = 'safeguarding-reviewer' THEN
    INSERT INTO safeguarding_reviewer (partnership_id, user_id, designated_by)
      VALUES (c.partnership_id, c.user_id, c.requested_by)
      ON CONFLICT (partnership_id) DO UPDATE SET user_id = EXCLUDED.user_id, designated_by = EXCLUDED.designated_by,
        designated_at = now();
  ELSIF p_approve THEN
    UPDATE app_user SET role = c.role WHERE id = c.user_id AND partnership_id = c.partnership_id AND active;
  END IF;
  RETURN CASE WHEN p_approve THEN 'approved' ELSE 'refused' END;
END
$f$;
`.execute(db);
}
