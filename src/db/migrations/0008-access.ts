import { sql, type Kysely } from 'kysely';

// Need-to-know in the database: restricted details visible only to the owning
// and named agencies (or an active break-glass grant), break-glass grants
// reviewed by the agency lead, sharing decisions with their lawful basis, and
// the access log an agency lead may read.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE TABLE restricted_detail (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partnership_id uuid NOT NULL REFERENCES partnership(id),
  agency_id uuid NOT NULL,
  person_id uuid NOT NULL REFERENCES person(id),
  kind text NOT NULL CHECK (kind IN ('safe-address','new-area','phone','refuge-location')),
  value text NOT NULL CHECK (length(value) BETWEEN 1 AND 500),
  named_agency_ids uuid[] NOT NULL DEFAULT '{}',
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (agency_id, partnership_id) REFERENCES agency(id, partnership_id)
);
CREATE INDEX restricted_detail_person ON restricted_detail (person_id);

CREATE TABLE break_glass_grant (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partnership_id uuid NOT NULL REFERENCES partnership(id),
  agency_id uuid NOT NULL,
  user_id uuid NOT NULL,
  person_id uuid NOT NULL REFERENCES person(id),
  reason text NOT NULL CHECK (length(reason) BETWEEN 10 AND 2000),
  granted_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  reviewed_by uuid,
  reviewed_at timestamptz,
  review_outcome text CHECK (review_outcome IN ('justified','not-justified')),
  review_note text CHECK (length(review_note) <= 2000),
  FOREIGN KEY (agency_id, partnership_id) REFERENCES agency(id, partnership_id),
  CHECK (expires_at > granted_at AND expires_at <= granted_at + interval '4 hours')
);
CREATE INDEX break_glass_unreviewed ON break_glass_grant (agency_id) WHERE reviewed_at IS NULL;

CREATE TABLE sharing_decision (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partnership_id uuid NOT NULL REFERENCES partnership(id),
  person_id uuid NOT NULL REFERENCES person(id),
  agency_id uuid NOT NULL,
  level text NOT NULL CHECK (level IN ('signpost','shared-summary','full')),
  basis text NOT NULL CHECK (basis IN ('consent','marac-attendance','risk-of-serious-harm','legal-duty')),
  note text NOT NULL CHECK (length(note) BETWEEN 10 AND 2000),
  recorded_by uuid NOT NULL,
  recorded_by_agency_id uuid NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);

-- True while the acting user holds an unexpired break-glass grant for the person.
CREATE FUNCTION break_glass_active(p_person uuid) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT EXISTS (SELECT 1 FROM break_glass_grant WHERE person_id = p_person AND user_id = current_app_user_id() AND expires_at > now())
$f$;
-- A signpost that restricted details exist, without what they say.
CREATE FUNCTION restricted_detail_count(p_person uuid) RETURNS SETOF integer LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT 1 FROM restricted_detail WHERE person_id = p_person AND partnership_id = current_partnership_id()
$f$;
REVOKE ALL ON FUNCTION break_glass_active(uuid), restricted_detail_count(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION break_glass_active(uuid), restricted_detail_count(uuid) TO wholepicture_app;
`.execute(db);

  for (const table of ['restricted_detail', 'break_glass_grant', 'sharing_decision']) {
    const t = sql.table(table);
    await sql`ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`ALTER TABLE ${t} FORCE ROW LEVEL SECURITY`.execute(db);
    await sql`CREATE POLICY owner_all ON ${t} TO CURRENT_USER USING (true) WITH CHECK (true)`.execute(db);
  }
  await sql`
CREATE POLICY named_agencies_read ON restricted_detail FOR SELECT TO wholepicture_app
  USING (partnership_id = current_partnership_id()
    AND (agency_id = current_agency_id() OR current_agency_id() = ANY (named_agency_ids) OR break_glass_active(person_id)));
CREATE POLICY own_agency_insert ON restricted_detail FOR INSERT TO wholepicture_app
  WITH CHECK (partnership_id = current_partnership_id() AND agency_id = current_agency_id() AND created_by = current_app_user_id());

CREATE POLICY own_or_lead_read ON break_glass_grant FOR SELECT TO wholepicture_app
  USING (partnership_id = current_partnership_id()
    AND (user_id = current_app_user_id() OR (current_app_role() = 'agency-lead' AND agency_id = current_agency_id())));
CREATE POLICY self_insert ON break_glass_grant FOR INSERT TO wholepicture_app
  WITH CHECK (partnership_id = current_partnership_id() AND agency_id = current_agency_id() AND user_id = current_app_user_id() AND reviewed_at IS NULL);
-- The agency lead reviews; nobody reviews their own access.
CREATE POLICY lead_review ON break_glass_grant FOR UPDATE TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND current_app_role() = 'agency-lead' AND agency_id = current_agency_id() AND user_id <> current_app_user_id() AND reviewed_at IS NULL)
  WITH CHECK (reviewed_by = current_app_user_id());

CREATE POLICY partnership_read ON sharing_decision FOR SELECT TO wholepicture_app USING (partnership_id = current_partnership_id());
CREATE POLICY basis_insert ON sharing_decision FOR INSERT TO wholepicture_app
  WITH CHECK (partnership_id = current_partnership_id() AND recorded_by = current_app_user_id() AND recorded_by_agency_id = current_agency_id());

GRANT SELECT, INSERT ON restricted_detail, sharing_decision TO wholepicture_app;
GRANT SELECT ON break_glass_grant TO wholepicture_app;
GRANT INSERT (partnership_id, agency_id, user_id, person_id, reason, expires_at) ON break_glass_grant TO wholepicture_app;
GRANT UPDATE (reviewed_by, reviewed_at, review_outcome, review_note) ON break_glass_grant TO wholepicture_app;

-- The access log of one person, for agency leads: reads of the person and of their checklists.
CREATE FUNCTION person_access_log(p_person uuid)
RETURNS TABLE (occurred_at timestamptz, user_id uuid, agency_id uuid, role text, action text, subject_type text, outcome text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  IF current_app_role() IS DISTINCT FROM 'agency-lead'
     OR NOT EXISTS (SELECT 1 FROM person WHERE id = p_person AND partnership_id = current_partnership_id()) THEN
    RETURN;
  END IF;
  RETURN QUERY
    SELECT e.occurred_at, e.user_id, e.agency_id, e.role, e.action, e.subject_type, e.outcome FROM audit_event e
    WHERE e.partnership_id = current_partnership_id() AND (
      (e.subject_type = 'person' AND e.subject_id = p_person::text)
      OR (e.subject_type = 'assessment' AND e.subject_id IN (SELECT a.id::text FROM assessment a WHERE a.person_id = p_person))
      OR (e.subject_type = 'restricted-detail' AND e.subject_id = p_person::text))
    ORDER BY e.id DESC LIMIT 500;
END
$f$;

-- Reading by the lead's agency's users in a window: how many distinct people and checklists each opened.
CREATE FUNCTION agency_reading_volume(p_since timestamptz)
RETURNS TABLE (user_id uuid, subjects bigint, reads bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  IF current_app_role() IS DISTINCT FROM 'agency-lead' THEN RETURN; END IF;
  RETURN QUERY
    SELECT e.user_id, count(DISTINCT e.subject_type || ':' || e.subject_id), count(*) FROM audit_event e
    WHERE e.agency_id = current_agency_id() AND e.partnership_id = current_partnership_id() AND e.occurred_at >= p_since
      AND e.action LIKE '%.view' AND e.subject_type IN ('person', 'assessment', 'restricted-detail')
    GROUP BY e.user_id;
END
$f$;
REVOKE ALL ON FUNCTION person_access_log(uuid), agency_reading_volume(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION person_access_log(uuid), agency_reading_volume(timestamptz) TO wholepicture_app;
`.execute(db);
}
