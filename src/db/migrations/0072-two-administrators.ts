import { sql, type Kysely } from 'kysely';

// Making someone an agency lead (who reviews their agency's break-glass) or an
// administrator takes two administrators: one asks, another approves. The app
// role cannot make the change directly; the approval applies it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE TABLE privileged_change (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partnership_id uuid NOT NULL REFERENCES partnership(id),
  user_id uuid NOT NULL REFERENCES app_user(id),
  role text NOT NULL CHECK (role IN ('agency-lead', 'administrator')),
  requested_by uuid NOT NULL REFERENCES app_user(id),
  requested_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'approved', 'refused')),
  decided_by uuid REFERENCES app_user(id),
  decided_at timestamptz,
  CHECK (decided_by IS NULL OR decided_by <> requested_by)
);
CREATE INDEX privileged_change_partnership ON privileged_change (partnership_id, requested_at DESC);
ALTER TABLE privileged_change ENABLE ROW LEVEL SECURITY;
ALTER TABLE privileged_change FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON privileged_change TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY admin_read ON privileged_change FOR SELECT TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND current_app_role() = 'administrator');
GRANT SELECT ON privileged_change TO wholepicture_app;

-- The backstop: the app role itself never grants these roles (the approval runs as the owner).
CREATE FUNCTION refuse_privileged_grant() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF current_user = 'wholepicture_app' AND NEW.role IN ('agency-lead', 'administrator')
     AND (TG_OP = 'INSERT' OR NEW.role IS DISTINCT FROM OLD.role) THEN
    RAISE EXCEPTION 'granting % needs a second administrator''s approval', NEW.role USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END
$f$;
CREATE TRIGGER refuse_privileged_grant BEFORE INSERT OR UPDATE ON app_user FOR EACH ROW EXECUTE FUNCTION refuse_privileged_grant();

-- An administrator asks; an earlier waiting request for the same change lapses into this one.
CREATE FUNCTION privileged_change_request(p_user uuid, p_role text) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
DECLARE v_id uuid;
BEGIN
  IF current_app_role() IS DISTINCT FROM 'administrator' THEN RETURN NULL; END IF;
  IF NOT EXISTS (SELECT 1 FROM app_user WHERE id = p_user AND partnership_id = current_partnership_id() AND active) THEN RETURN NULL; END IF;
  DELETE FROM privileged_change WHERE partnership_id = current_partnership_id() AND status = 'waiting' AND user_id = p_user;
  INSERT INTO privileged_change (partnership_id, user_id, role, requested_by)
    VALUES (current_partnership_id(), p_user, p_role, current_app_user_id())
    RETURNING id INTO v_id;
  RETURN v_id;
END
$f$;

-- Another administrator of the partnership decides; an approval applies the change at once.
-- Returns the decided request's outcome, or NULL when this administrator may not decide it.
CREATE FUNCTION privileged_change_decide(p_id uuid, p_approve boolean) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
DECLARE c privileged_change;
BEGIN
  IF current_app_role() IS DISTINCT FROM 'administrator' THEN RETURN NULL; END IF;
  SELECT * INTO c FROM privileged_change WHERE id = p_id AND partnership_id = current_partnership_id()
    AND status = 'waiting' FOR UPDATE;
  IF NOT FOUND OR c.requested_by = current_app_user_id() THEN RETURN NULL; END IF;
  -- The approver must themselves still be an active administrator here.
  IF NOT EXISTS (SELECT 1 FROM app_user WHERE id = current_app_user_id() AND partnership_id = c.partnership_id
    AND role = 'administrator' AND active) THEN RETURN NULL; END IF;
  UPDATE privileged_change SET status = CASE WHEN p_approve THEN 'approved' ELSE 'refused' END,
    decided_by = current_app_user_id(), decided_at = now() WHERE id = p_id;
  IF p_approve THEN
    UPDATE app_user SET role = c.role WHERE id = c.user_id AND partnership_id = c.partnership_id AND active;
  END IF;
  RETURN CASE WHEN p_approve THEN 'approved' ELSE 'refused' END;
END
$f$;

REVOKE ALL ON FUNCTION privileged_change_request(uuid, text), privileged_change_decide(uuid, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION privileged_change_request(uuid, text), privileged_change_decide(uuid, boolean) TO wholepicture_app;
`.execute(db);
}
