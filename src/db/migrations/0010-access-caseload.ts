import { sql, type Kysely } from 'kysely';

// The second signal of unusual reading: records read outside the user's caseload.
//
// A person is in the caseload of a user of agency G, for a read at time T, when
// that record, or a record confirmed as the same person (a confirmed link; a
// suggestion nobody has confirmed does not count), is:
//   - held by G (G recorded the person), or
//   - the subject of a risk checklist by G, or
//   - referred to MARAC by G, or the person of a MARAC case that G opened, that is
//     listed at a meeting G attends, or that has an action owned by G;
// or the user held a break-glass grant for the person at T.
// Reads of checklists count as reads of their person.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE FUNCTION person_in_agency_caseload(p_person uuid, p_agency uuid, p_user uuid, p_at timestamptz)
RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  WITH same AS (
    SELECT p_person AS id
    UNION
    SELECT CASE WHEN l.person_a = p_person THEN l.person_b ELSE l.person_a END FROM person_link l
    WHERE (l.person_a = p_person OR l.person_b = p_person) AND l.status = 'confirmed'
  )
  SELECT EXISTS (SELECT 1 FROM person p JOIN same s ON s.id = p.id WHERE p.agency_id = p_agency)
    OR EXISTS (SELECT 1 FROM assessment a JOIN same s ON s.id = a.person_id WHERE a.agency_id = p_agency)
    OR EXISTS (SELECT 1 FROM marac_referral r JOIN same s ON s.id = r.person_id WHERE r.referring_agency_id = p_agency)
    OR EXISTS (SELECT 1 FROM marac_case c JOIN same s ON s.id = c.person_id WHERE c.agency_id = p_agency
      OR EXISTS (SELECT 1 FROM marac_meeting_case mc JOIN marac_meeting_agency ma ON ma.meeting_id = mc.meeting_id WHERE mc.case_id = c.id AND ma.agency_id = p_agency)
      OR EXISTS (SELECT 1 FROM marac_action x WHERE x.case_id = c.id AND x.owner_agency_id = p_agency))
    OR EXISTS (SELECT 1 FROM break_glass_grant g WHERE g.person_id = p_person AND g.user_id = p_user AND p_at BETWEEN g.granted_at AND g.expires_at)
$f$;
REVOKE ALL ON FUNCTION person_in_agency_caseload(uuid, uuid, uuid, timestamptz) FROM PUBLIC;

-- For the lead's agency's users in a window: how many different people each read outside their caseload.
CREATE FUNCTION agency_reading_outside_caseload(p_since timestamptz)
RETURNS TABLE (user_id uuid, outside bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  IF current_app_role() IS DISTINCT FROM 'agency-lead' THEN RETURN; END IF;
  RETURN QUERY
    WITH reads AS (
      SELECT e.user_id AS reader, e.occurred_at AS read_at,
        CASE WHEN e.subject_id !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN NULL
             WHEN e.subject_type = 'assessment' THEN (SELECT a.person_id FROM assessment a WHERE a.id = e.subject_id::uuid AND a.partnership_id = current_partnership_id())
             ELSE (SELECT p.id FROM person p WHERE p.id = e.subject_id::uuid AND p.partnership_id = current_partnership_id()) END AS person_id
      FROM audit_event e
      WHERE e.agency_id = current_agency_id() AND e.partnership_id = current_partnership_id() AND e.occurred_at >= p_since
        AND e.user_id IS NOT NULL AND e.outcome = 'success'
        AND e.action LIKE '%.view' AND e.subject_type IN ('person', 'assessment', 'restricted-detail')
    )
    SELECT r.reader, count(DISTINCT r.person_id) FROM reads r
    WHERE r.person_id IS NOT NULL AND NOT person_in_agency_caseload(r.person_id, current_agency_id(), r.reader, r.read_at)
    GROUP BY r.reader;
END
$f$;
REVOKE ALL ON FUNCTION agency_reading_outside_caseload(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION agency_reading_outside_caseload(timestamptz) TO wholepicture_app;
`.execute(db);
}
