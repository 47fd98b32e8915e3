import { sql, type Kysely } from 'kysely';

// Every read of something about a person is audited against that person. An
// audit event may name the people the page showed something about (the
// record's subject may be a MARAC case, a referral, a search, an export), in
// audit_event_person: ids only, append-only like the events themselves. The
// person's access log, the subject-access report and both unusual-reading
// signals read these links as well as the event's own subject.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE TABLE audit_event_person (
  event_id bigint NOT NULL, -- no foreign key: audit retention removes old events (their links stay, naming no one else)
  person_id uuid NOT NULL,
  PRIMARY KEY (person_id, event_id)
);
CREATE INDEX audit_event_person_event ON audit_event_person (event_id);
CREATE TRIGGER audit_event_person_refuse_change BEFORE UPDATE OR DELETE ON audit_event_person FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_event_person_refuse_truncate BEFORE TRUNCATE ON audit_event_person FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
ALTER TABLE audit_event_person ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_event_person FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON audit_event_person TO CURRENT_USER USING (true) WITH CHECK (true);

-- One event and the people it is about, in one statement. Only people of the caller's partnership are linked.
CREATE FUNCTION audit_record_about(p_action text, p_subject_type text, p_subject_id text, p_outcome text, p_request_id text, p_people uuid[])
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
DECLARE event bigint;
BEGIN
  event := audit_record(p_action, p_subject_type, p_subject_id, p_outcome, p_request_id);
  INSERT INTO audit_event_person (event_id, person_id)
    SELECT DISTINCT event, p.id FROM person p WHERE p.id = ANY (p_people) AND p.partnership_id = current_partnership_id();
  RETURN event;
END
$f$;
REVOKE ALL ON FUNCTION audit_record_about(text, text, text, text, text, uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_record_about(text, text, text, text, text, uuid[]) TO wholepicture_app;

-- The events about one person: their own subject, a checklist of theirs, or a link naming them.
CREATE FUNCTION audit_events_about(p_person uuid) RETURNS SETOF bigint LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT e.id FROM audit_event e WHERE e.subject_type IN ('person', 'restricted-detail') AND e.subject_id = p_person::text
  UNION SELECT e.id FROM audit_event e JOIN assessment a ON e.subject_type = 'assessment' AND e.subject_id = a.id::text WHERE a.person_id = p_person
  UNION SELECT l.event_id FROM audit_event_person l WHERE l.person_id = p_person
$f$;
REVOKE ALL ON FUNCTION audit_events_about(uuid) FROM PUBLIC;

CREATE OR REPLACE FUNCTION person_access_log(p_person uuid)
RETURNS TABLE (occurred_at timestamptz, user_id uuid, agency_id uuid, role text, action text, subject_type text, outcome text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  IF current_app_role() IS DISTINCT FROM 'agency-lead'
     OR NOT EXISTS (SELECT 1 FROM person WHERE id = p_person AND partnership_id = current_partnership_id()) THEN
    RETURN;
  END IF;
  RETURN QUERY
    SELECT e.occurred_at, e.user_id, e.agency_id, e.role, e.action, e.subject_type, e.outcome FROM audit_event e
    WHERE e.partnership_id = current_partnership_id() AND e.id IN (SELECT audit_events_about(p_person))
    ORDER BY e.id DESC LIMIT 500;
END
$f$;

-- The people each read of the lead's agency's users was about: its subject, and the people it names.
CREATE FUNCTION agency_reads_about(p_since timestamptz)
RETURNS TABLE (event_id bigint, reader uuid, read_at timestamptz, subject text, person_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  WITH reads AS (
    SELECT e.* FROM audit_event e
    WHERE e.agency_id = current_agency_id() AND e.partnership_id = current_partnership_id() AND e.occurred_at >= p_since
      AND e.user_id IS NOT NULL AND e.outcome = 'success' AND e.action LIKE '%.view'
  )
  SELECT r.id, r.user_id, r.occurred_at, r.subject_type || ':' || r.subject_id,
    CASE WHEN r.subject_id !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN NULL
         WHEN r.subject_type = 'assessment' THEN (SELECT a.person_id FROM assessment a WHERE a.id = r.subject_id::uuid AND a.partnership_id = current_partnership_id())
         ELSE (SELECT p.id FROM person p WHERE p.id = r.subject_id::uuid AND p.partnership_id = current_partnership_id()) END
  FROM reads r WHERE r.subject_type IN ('person', 'assessment', 'restricted-detail')
  UNION ALL
  -- Reads of a person or a checklist already count as reads of their person; the links add the other pages' people.
  SELECT r.id, r.user_id, r.occurred_at, 'person:' || l.person_id, l.person_id FROM reads r JOIN audit_event_person l ON l.event_id = r.id
  WHERE r.subject_type IS NULL OR r.subject_type NOT IN ('person', 'assessment', 'restricted-detail')
$f$;
REVOKE ALL ON FUNCTION agency_reads_about(timestamptz) FROM PUBLIC;

CREATE OR REPLACE FUNCTION agency_reading_volume(p_since timestamptz)
RETURNS TABLE (user_id uuid, subjects bigint, reads bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  IF current_app_role() IS DISTINCT FROM 'agency-lead' THEN RETURN; END IF;
  RETURN QUERY
    SELECT r.reader, count(DISTINCT r.subject), count(DISTINCT r.event_id) FROM agency_reads_about(p_since) r GROUP BY r.reader;
END
$f$;

CREATE OR REPLACE FUNCTION agency_reading_outside_caseload(p_since timestamptz)
RETURNS TABLE (user_id uuid, outside bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  IF current_app_role() IS DISTINCT FROM 'agency-lead' THEN RETURN; END IF;
  RETURN QUERY
    SELECT r.reader, count(DISTINCT r.person_id) FROM agency_reads_about(p_since) r
    WHERE r.person_id IS NOT NULL AND NOT person_in_agency_caseload(r.person_id, current_agency_id(), r.reader, r.read_at)
    GROUP BY r.reader;
END
$f$;
`.execute(db);
}
