import { sql, type Kysely } from 'kysely';

// Teams and named people. A restricted detail names agencies, teams or single
// users; everyone else learns only that it exists and whom to ask. Break-glass
// no longer opens it: a user outside the named group asks, a holder (or the
// partnership's designated safeguarding reviewer) decides, and an approval
// opens it once, for a short time. Administrators and analysts never read,
// request or decide.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE TABLE team (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partnership_id uuid NOT NULL REFERENCES partnership(id),
  agency_id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 2 AND 120),
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (agency_id, partnership_id) REFERENCES agency(id, partnership_id),
  UNIQUE (agency_id, name),
  UNIQUE (id, agency_id)
);

-- A member belongs to a team of their own agency.
CREATE TABLE team_member (
  team_id uuid NOT NULL,
  user_id uuid NOT NULL REFERENCES app_user(id),
  partnership_id uuid NOT NULL REFERENCES partnership(id),
  agency_id uuid NOT NULL,
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (team_id, user_id),
  FOREIGN KEY (team_id, agency_id) REFERENCES team(id, agency_id)
);
CREATE INDEX team_member_user ON team_member (user_id);

-- One designated safeguarding reviewer per partnership: decides restricted-detail requests when the
-- holders are unavailable, reviews break-glass for agencies without a lead, and receives escalations.
CREATE TABLE safeguarding_reviewer (
  partnership_id uuid PRIMARY KEY REFERENCES partnership(id),
  user_id uuid NOT NULL REFERENCES app_user(id),
  designated_by uuid NOT NULL,
  designated_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE restricted_detail ADD COLUMN named_team_ids uuid[] NOT NULL DEFAULT '{}';
ALTER TABLE restricted_detail ADD COLUMN named_user_ids uuid[] NOT NULL DEFAULT '{}';
-- 'import' marks an address an agency's system sent flagged as confidential.
ALTER TABLE restricted_detail ADD COLUMN source text NOT NULL DEFAULT 'recorded' CHECK (source IN ('recorded','import'));

CREATE TABLE restricted_request (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partnership_id uuid NOT NULL REFERENCES partnership(id),
  person_id uuid NOT NULL REFERENCES person(id),
  agency_id uuid NOT NULL,
  user_id uuid NOT NULL REFERENCES app_user(id),
  reason text NOT NULL CHECK (length(reason) BETWEEN 10 AND 2000),
  status text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting','approved','refused')),
  decided_by uuid REFERENCES app_user(id),
  decided_at timestamptz,
  decision_note text CHECK (length(decision_note) <= 2000),
  -- An approval opens the details once, before this time.
  open_until timestamptz,
  opened_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (agency_id, partnership_id) REFERENCES agency(id, partnership_id),
  CHECK (status = 'waiting' OR (decided_by IS NOT NULL AND decided_by <> user_id AND decided_at IS NOT NULL)),
  CHECK (opened_at IS NULL OR (status = 'approved' AND opened_at <= open_until))
);
CREATE INDEX restricted_request_person ON restricted_request (person_id);

-- Whether the acting user is in the group a restricted detail names. Never an administrator or analyst.
CREATE FUNCTION restricted_detail_readable(p_agency uuid, p_agencies uuid[], p_teams uuid[], p_users uuid[]) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT current_app_role() IN ('practitioner','agency-lead','marac-coordinator','marac-chair')
    AND (p_agency = current_agency_id() OR current_agency_id() = ANY (p_agencies) OR current_app_user_id() = ANY (p_users)
      OR EXISTS (SELECT 1 FROM team_member m WHERE m.user_id = current_app_user_id() AND m.team_id = ANY (p_teams)))
$f$;

-- Whether the acting user holds any restricted detail of the person (and so may decide a request for it).
CREATE FUNCTION holds_restricted_detail(p_person uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT EXISTS (SELECT 1 FROM restricted_detail d WHERE d.person_id = p_person AND d.partnership_id = current_partnership_id()
    AND restricted_detail_readable(d.agency_id, d.named_agency_ids, d.named_team_ids, d.named_user_ids))
$f$;

CREATE FUNCTION is_safeguarding_reviewer() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT current_app_role() IN ('practitioner','agency-lead','marac-coordinator','marac-chair')
    AND EXISTS (SELECT 1 FROM safeguarding_reviewer r WHERE r.partnership_id = current_partnership_id() AND r.user_id = current_app_user_id())
$f$;

-- Whom to ask: the recording agencies and named teams of a person's restricted details, as ids only.
CREATE FUNCTION restricted_detail_holders(p_person uuid) RETURNS TABLE (agency_ids uuid[], team_ids uuid[])
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT coalesce(array_agg(DISTINCT d.agency_id), '{}'),
    coalesce((SELECT array_agg(DISTINCT t) FROM restricted_detail d2, unnest(d2.named_team_ids) t WHERE d2.person_id = p_person AND d2.partnership_id = current_partnership_id()), '{}')
  FROM restricted_detail d WHERE d.person_id = p_person AND d.partnership_id = current_partnership_id()
$f$;

-- Decides a waiting request: a holder of the person's details or the designated reviewer, never the requester.
CREATE FUNCTION decide_restricted_request(p_request uuid, p_approve boolean, p_note text, p_minutes integer) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $f$
DECLARE r restricted_request;
BEGIN
  SELECT * INTO r FROM restricted_request WHERE id = p_request AND partnership_id = current_partnership_id() AND status = 'waiting' FOR UPDATE;
  IF NOT FOUND OR r.user_id = current_app_user_id() OR NOT (holds_restricted_detail(r.person_id) OR is_safeguarding_reviewer()) THEN
    RETURN false;
  END IF;
  UPDATE restricted_request SET status = CASE WHEN p_approve THEN 'approved' ELSE 'refused' END, decided_by = current_app_user_id(), decided_at = now(),
    decision_note = p_note, open_until = CASE WHEN p_approve THEN now() + make_interval(mins => least(p_minutes, 60)) END
  WHERE id = p_request;
  RETURN true;
END
$f$;

-- Opens an approved request once: returns the person's restricted details the requester is not named on, and uses the approval up.
CREATE FUNCTION open_restricted_request(p_person uuid)
RETURNS TABLE (request_id uuid, id uuid, agency_id uuid, kind text, value text, created_at timestamptz)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $f$
DECLARE r restricted_request;
BEGIN
  SELECT * INTO r FROM restricted_request q WHERE q.person_id = p_person AND q.partnership_id = current_partnership_id() AND q.user_id = current_app_user_id()
    AND q.status = 'approved' AND q.opened_at IS NULL AND q.open_until > now()
    AND current_app_role() IN ('practitioner','agency-lead','marac-coordinator','marac-chair')
  ORDER BY q.decided_at LIMIT 1 FOR UPDATE;
  IF NOT FOUND THEN RETURN; END IF;
  UPDATE restricted_request SET opened_at = now() WHERE restricted_request.id = r.id;
  RETURN QUERY SELECT r.id, d.id, d.agency_id, d.kind, d.value, d.created_at FROM restricted_detail d
    WHERE d.person_id = p_person AND d.partnership_id = current_partnership_id() ORDER BY d.created_at;
END
$f$;

-- Whether a request id belongs to the acting user's partnership (so a route can say "not found" before anything else).
CREATE FUNCTION restricted_request_in_partnership(p_request uuid) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT person_id FROM restricted_request WHERE id = p_request AND partnership_id = current_partnership_id()
$f$;
REVOKE ALL ON FUNCTION restricted_request_in_partnership(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION restricted_request_in_partnership(uuid) TO wholepicture_app;

REVOKE ALL ON FUNCTION restricted_detail_readable(uuid, uuid[], uuid[], uuid[]), holds_restricted_detail(uuid), is_safeguarding_reviewer(),
  restricted_detail_holders(uuid), decide_restricted_request(uuid, boolean, text, integer), open_restricted_request(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION restricted_detail_readable(uuid, uuid[], uuid[], uuid[]), holds_restricted_detail(uuid), is_safeguarding_reviewer(),
  restricted_detail_holders(uuid), decide_restricted_request(uuid, boolean, text, integer), open_restricted_request(uuid) TO wholepicture_app;
`.execute(db);

  for (const table of ['team', 'team_member', 'safeguarding_reviewer', 'restricted_request']) {
    const t = sql.table(table);
    await sql`ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`ALTER TABLE ${t} FORCE ROW LEVEL SECURITY`.execute(db);
    await sql`CREATE POLICY owner_all ON ${t} TO CURRENT_USER USING (true) WITH CHECK (true)`.execute(db);
  }
  await sql`
-- Break-glass no longer opens restricted details; the named group is agencies, teams and users.
DROP POLICY named_agencies_read ON restricted_detail;
CREATE POLICY named_group_read ON restricted_detail FOR SELECT TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND restricted_detail_readable(agency_id, named_agency_ids, named_team_ids, named_user_ids));
DROP POLICY own_agency_insert ON restricted_detail;
CREATE POLICY own_agency_insert ON restricted_detail FOR INSERT TO wholepicture_app
  WITH CHECK (partnership_id = current_partnership_id() AND agency_id = current_agency_id() AND created_by = current_app_user_id()
    AND current_app_role() IN ('practitioner','agency-lead','marac-coordinator','marac-chair'));

CREATE POLICY partnership_read ON team FOR SELECT TO wholepicture_app USING (partnership_id = current_partnership_id());
CREATE POLICY admin_insert ON team FOR INSERT TO wholepicture_app
  WITH CHECK (partnership_id = current_partnership_id() AND current_app_role() = 'administrator');
CREATE POLICY partnership_read ON team_member FOR SELECT TO wholepicture_app USING (partnership_id = current_partnership_id());
CREATE POLICY admin_insert ON team_member FOR INSERT TO wholepicture_app
  WITH CHECK (partnership_id = current_partnership_id() AND current_app_role() = 'administrator'
    AND EXISTS (SELECT 1 FROM app_user u WHERE u.id = user_id AND u.agency_id = team_member.agency_id));
CREATE POLICY admin_delete ON team_member FOR DELETE TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND current_app_role() = 'administrator');
CREATE POLICY partnership_read ON safeguarding_reviewer FOR SELECT TO wholepicture_app USING (partnership_id = current_partnership_id());
CREATE POLICY admin_designate ON safeguarding_reviewer FOR INSERT TO wholepicture_app
  WITH CHECK (partnership_id = current_partnership_id() AND current_app_role() = 'administrator' AND designated_by = current_app_user_id());
CREATE POLICY admin_redesignate ON safeguarding_reviewer FOR UPDATE TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND current_app_role() = 'administrator')
  WITH CHECK (partnership_id = current_partnership_id() AND designated_by = current_app_user_id());

-- The requester, the holders of the person's details and the designated reviewer see a request.
CREATE POLICY involved_read ON restricted_request FOR SELECT TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND (user_id = current_app_user_id() OR holds_restricted_detail(person_id) OR is_safeguarding_reviewer()));
CREATE POLICY caseworker_request ON restricted_request FOR INSERT TO wholepicture_app
  WITH CHECK (partnership_id = current_partnership_id() AND agency_id = current_agency_id() AND user_id = current_app_user_id() AND status = 'waiting'
    AND decided_by IS NULL AND open_until IS NULL AND opened_at IS NULL
    AND current_app_role() IN ('practitioner','agency-lead','marac-coordinator','marac-chair'));

GRANT SELECT ON team, team_member, safeguarding_reviewer, restricted_request TO wholepicture_app;
GRANT INSERT ON team, team_member TO wholepicture_app;
GRANT DELETE ON team_member TO wholepicture_app;
GRANT INSERT, UPDATE ON safeguarding_reviewer TO wholepicture_app;
GRANT INSERT (partnership_id, person_id, agency_id, user_id, reason) ON restricted_request TO wholepicture_app;
`.execute(db);
}
