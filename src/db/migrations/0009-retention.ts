import { sql, type Kysely } from 'kysely';

// Retention: each partnership sets how long a person's records are kept after
// their last activity. Records past it are listed for review, then anonymised
// by apply_retention(): names and dates of birth replaced, free text and
// restricted details removed. The ids remain so that statistics and the audit
// trail still add up; the audit event names only the id.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
ALTER TABLE partnership ADD COLUMN retention_months integer NOT NULL DEFAULT 72 CHECK (retention_months BETWEEN 12 AND 1200);
ALTER TABLE person ADD COLUMN anonymised_at timestamptz;
GRANT SELECT (retention_months) ON partnership TO wholepicture_app;
GRANT UPDATE (retention_months) ON partnership TO wholepicture_app;
GRANT SELECT (anonymised_at) ON person TO wholepicture_app;

-- People of the acting partnership whose last recorded activity is older than its retention period.
CREATE FUNCTION retention_due() RETURNS TABLE (person_id uuid, agency_id uuid, last_activity date)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  WITH activity AS (
    SELECT p.id, p.agency_id, greatest(p.created_at::date,
      coalesce((SELECT max(a.completed_on) FROM assessment a WHERE a.person_id = p.id), '1900-01-01'),
      coalesce((SELECT max(i.occurred_on) FROM incident i WHERE i.person_id = p.id), '1900-01-01')) AS last_activity
    FROM person p WHERE p.partnership_id = current_partnership_id() AND p.anonymised_at IS NULL
  )
  SELECT a.id, a.agency_id, a.last_activity FROM activity a, partnership pa
  WHERE pa.id = current_partnership_id() AND a.last_activity < (now() - make_interval(months => pa.retention_months))::date
  ORDER BY a.last_activity
$f$;

CREATE FUNCTION apply_retention() RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
DECLARE due record; n integer := 0;
BEGIN
  IF current_app_role() IS DISTINCT FROM 'administrator' THEN
    RAISE EXCEPTION 'only an administrator may apply retention' USING ERRCODE = 'insufficient_privilege';
  END IF;
  FOR due IN SELECT * FROM retention_due() LOOP
    UPDATE person SET given_name = 'Removed', family_name = 'Removed', date_of_birth = '1900-01-02', anonymised_at = now() WHERE id = due.person_id;
    UPDATE assessment SET answers = '[]', victim_view = NULL, judgement_reason = NULL WHERE person_id = due.person_id;
    DELETE FROM restricted_detail WHERE person_id = due.person_id;
    PERFORM audit_record('retention.anonymise', 'person', due.person_id::text, 'success', 'retention');
    n := n + 1;
  END LOOP;
  RETURN n;
END
$f$;
REVOKE ALL ON FUNCTION retention_due(), apply_retention() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION retention_due(), apply_retention() TO wholepicture_app;
`.execute(db);
}
