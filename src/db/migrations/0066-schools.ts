import { sql, type Kysely } from 'kysely';

// Schools are told. The partnership keeps a list of schools, each with its
// named safeguarding contacts (users who sign in), and which school a child
// attends. When police record an abuse incident at which a child of school age
// was present, or involving an adult the child lives with, the child's school's
// contacts get a notice before the next school day.
//
// An incident is noted for the schools job as it is stored, whatever the route
// (page, API or import), by trigger. The job finds the children with
// school_notice_children (the incident's children, the victim's children and
// household, and records of them confirmed as the same child) and keeps what it
// shared in school_notice: the child's name, the date and that police attended.
// Never an adult's name, never the narrative. Only the school's own contacts can
// read its notices.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE TABLE school (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partnership_id uuid NOT NULL REFERENCES partnership(id),
  name text NOT NULL CHECK (length(name) BETWEEN 2 AND 120),
  urn text NOT NULL CHECK (urn ~ '^[0-9]{6}$'),
  active boolean NOT NULL DEFAULT true,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (partnership_id, urn),
  UNIQUE (id, partnership_id)
);

CREATE TABLE school_contact (
  school_id uuid NOT NULL,
  partnership_id uuid NOT NULL,
  user_id uuid NOT NULL REFERENCES app_user(id),
  added_by uuid NOT NULL,
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (school_id, user_id),
  FOREIGN KEY (school_id, partnership_id) REFERENCES school(id, partnership_id)
);
CREATE INDEX school_contact_user ON school_contact (user_id);

-- The school a child attends (one at a time: a move replaces it).
CREATE TABLE school_pupil (
  person_id uuid PRIMARY KEY REFERENCES person(id),
  partnership_id uuid NOT NULL,
  school_id uuid NOT NULL,
  recorded_by uuid NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (school_id, partnership_id) REFERENCES school(id, partnership_id)
);
CREATE INDEX school_pupil_school ON school_pupil (school_id);

CREATE TABLE school_notice_due (
  incident_id uuid PRIMARY KEY REFERENCES incident(id),
  noted_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE school_notice (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partnership_id uuid NOT NULL,
  school_id uuid NOT NULL,
  incident_id uuid NOT NULL REFERENCES incident(id),
  child_person_id uuid NOT NULL REFERENCES person(id),
  child_name text NOT NULL CHECK (length(child_name) BETWEEN 1 AND 201),
  incident_on date NOT NULL,
  -- the start of the next school day after the incident was noted: the contacts must be told before it
  due_by timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  first_viewed_at timestamptz,
  UNIQUE (school_id, incident_id, child_person_id),
  FOREIGN KEY (school_id, partnership_id) REFERENCES school(id, partnership_id)
);
CREATE INDEX school_notice_school ON school_notice (school_id, created_at);
`.execute(db);

  for (const table of ['school', 'school_contact', 'school_pupil', 'school_notice_due', 'school_notice']) {
    const t = sql.table(table);
    await sql`ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`ALTER TABLE ${t} FORCE ROW LEVEL SECURITY`.execute(db);
    await sql`CREATE POLICY owner_all ON ${t} TO CURRENT_USER USING (true) WITH CHECK (true)`.execute(db);
  }
  await sql`
CREATE POLICY partnership_read ON school FOR SELECT TO wholepicture_app USING (partnership_id = current_partnership_id());
CREATE POLICY admin_insert ON school FOR INSERT TO wholepicture_app
  WITH CHECK (partnership_id = current_partnership_id() AND current_app_role() = 'administrator' AND created_by = current_app_user_id());
CREATE POLICY admin_update ON school FOR UPDATE TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND current_app_role() = 'administrator');
GRANT SELECT, INSERT ON school TO wholepicture_app;
GRANT UPDATE (name, active) ON school TO wholepicture_app;

CREATE POLICY partnership_read ON school_contact FOR SELECT TO wholepicture_app USING (partnership_id = current_partnership_id());
CREATE POLICY admin_insert ON school_contact FOR INSERT TO wholepicture_app
  WITH CHECK (partnership_id = current_partnership_id() AND current_app_role() = 'administrator' AND added_by = current_app_user_id()
    AND EXISTS (SELECT 1 FROM app_user u WHERE u.id = user_id AND u.partnership_id = current_partnership_id() AND u.active));
CREATE POLICY admin_delete ON school_contact FOR DELETE TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND current_app_role() = 'administrator');
GRANT SELECT, INSERT, DELETE ON school_contact TO wholepicture_app;

-- Which school a child attends is known to those who work with children, not to analysts.
CREATE POLICY workers_read ON school_pupil FOR SELECT TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND current_app_role() IN ('practitioner','agency-lead','marac-coordinator'));
CREATE POLICY workers_insert ON school_pupil FOR INSERT TO wholepicture_app
  WITH CHECK (partnership_id = current_partnership_id() AND current_app_role() IN ('practitioner','agency-lead')
    AND recorded_by = current_app_user_id()
    AND EXISTS (SELECT 1 FROM person p WHERE p.id = person_id AND p.partnership_id = current_partnership_id()));
CREATE POLICY workers_update ON school_pupil FOR UPDATE TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND current_app_role() IN ('practitioner','agency-lead'))
  WITH CHECK (partnership_id = current_partnership_id() AND recorded_by = current_app_user_id());
GRANT SELECT, INSERT ON school_pupil TO wholepicture_app;
GRANT UPDATE (school_id, recorded_by, recorded_at) ON school_pupil TO wholepicture_app;

-- A notice is read only by its school's current safeguarding contacts.
CREATE FUNCTION is_school_contact(p_school uuid) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT EXISTS (SELECT 1 FROM school_contact c JOIN app_user u ON u.id = c.user_id
    WHERE c.school_id = p_school AND c.user_id = current_app_user_id() AND u.active)
$f$;
CREATE POLICY contact_read ON school_notice FOR SELECT TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND is_school_contact(school_id));
CREATE POLICY contact_viewed ON school_notice FOR UPDATE TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND is_school_contact(school_id));
GRANT SELECT ON school_notice TO wholepicture_app;
GRANT UPDATE (first_viewed_at) ON school_notice TO wholepicture_app;

-- Police abuse incidents are noted for the schools job as they are stored.
CREATE FUNCTION school_notice_note() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  IF NEW.is_abuse AND (NEW.police_recorded OR EXISTS (SELECT 1 FROM agency a WHERE a.id = NEW.agency_id AND a.kind = 'police')) THEN
    INSERT INTO school_notice_due (incident_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $f$;
CREATE TRIGGER school_notice_note AFTER INSERT ON incident FOR EACH ROW EXECUTE FUNCTION school_notice_note();

-- The children of school age (4 to 17 on the day) an incident concerns, at the school each attends:
-- children recorded at the incident, and the children and household of the victim (recorded on the
-- incident or as its person), each also through records confirmed as the same child.
CREATE FUNCTION school_notice_children(p_incident uuid)
RETURNS TABLE (school_id uuid, child_id uuid, child_name text, incident_on date, partnership_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  WITH inc AS (SELECT i.id, i.person_id, i.occurred_on, i.partnership_id FROM incident i WHERE i.id = p_incident),
  victims AS (
    SELECT person_id FROM inc
    UNION SELECT ii.person_id FROM incident_involvement ii WHERE ii.incident_id = p_incident AND ii.role = 'victim'
  ),
  kids AS (
    SELECT ii.person_id FROM incident_involvement ii WHERE ii.incident_id = p_incident AND ii.role = 'child'
    UNION SELECT r.related_person_id FROM relationship r JOIN victims v ON r.person_id = v.person_id
      WHERE r.kind IN ('child', 'household-member')
    UNION SELECT r.person_id FROM relationship r JOIN victims v ON r.related_person_id = v.person_id
      WHERE r.kind IN ('parent', 'household-member')
  ),
  kin AS (
    SELECT person_id FROM kids
    UNION SELECT CASE WHEN l.person_a = k.person_id THEN l.person_b ELSE l.person_a END
      FROM person_link l JOIN kids k ON k.person_id IN (l.person_a, l.person_b) WHERE l.status = 'confirmed'
  )
  SELECT sp.school_id, p.id, p.given_name || ' ' || p.family_name, inc.occurred_on, inc.partnership_id
  FROM kin JOIN school_pupil sp ON sp.person_id = kin.person_id
    JOIN person p ON p.id = sp.person_id
    JOIN school s ON s.id = sp.school_id AND s.active
    CROSS JOIN inc
  WHERE p.partnership_id = inc.partnership_id AND s.partnership_id = inc.partnership_id
    AND p.date_of_birth <= inc.occurred_on - interval '4 years'
    AND p.date_of_birth > inc.occurred_on - interval '18 years'
$f$;
REVOKE ALL ON FUNCTION school_notice_children(uuid) FROM PUBLIC;
`.execute(db);
}
