import { sql, type Kysely } from 'kysely';

// Anonymisation under retention left personal data behind: other names, addresses, NHS number and
// PNC ID, incident narratives, the household named on a checklist, plans, and what MARAC recorded
// about the victim. It now clears every field this service holds about the person, keyed to their
// record. And it takes the records the administrator reviewed: only those, and only if still past
// retention (new activity since the review keeps a record), in one transaction.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE FUNCTION anonymise_person(p_person uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  UPDATE person SET given_name = 'Removed', family_name = 'Removed', middle_names = NULL, date_of_birth = '1900-01-02',
    nhs_number = NULL, pnc_id = NULL, source_id = NULL, anonymised_at = now() WHERE id = p_person;
  DELETE FROM person_alias WHERE person_id = p_person;
  DELETE FROM person_address WHERE person_id = p_person;
  DELETE FROM restricted_detail WHERE person_id = p_person;
  UPDATE incident SET summary = NULL, source_id = NULL WHERE person_id = p_person;
  UPDATE assessment SET answers = '[]', victim_view = NULL, judgement_reason = NULL WHERE person_id = p_person;
  UPDATE household_member SET given_name = 'Removed', family_name = NULL, date_of_birth = NULL, description = NULL
   WHERE assessment_id IN (SELECT id FROM assessment WHERE person_id = p_person);
  UPDATE child_risk_rating SET judgement_reason = NULL WHERE assessment_id IN (SELECT id FROM assessment WHERE person_id = p_person);
  UPDATE step_outcome SET reason = NULL WHERE assessment_id IN (SELECT id FROM assessment WHERE person_id = p_person);
  UPDATE risk_plan SET plan = '{}' WHERE assessment_id IN (SELECT id FROM assessment WHERE person_id = p_person);
  UPDATE marac_referral SET reason = NULL, decision_reason = NULL WHERE person_id = p_person;
  UPDATE marac_case SET summary = NULL, lawful_basis = NULL, outcome = NULL WHERE person_id = p_person;
  UPDATE marac_research SET victim = NULL, perpetrator = NULL, children = NULL WHERE case_id IN (SELECT id FROM marac_case WHERE person_id = p_person);
  UPDATE marac_action SET description = 'Removed under retention', completion_note = NULL WHERE case_id IN (SELECT id FROM marac_case WHERE person_id = p_person);
  UPDATE sharing_decision SET note = 'Removed under retention' WHERE person_id = p_person;
  UPDATE break_glass_grant SET reason = 'Removed under retention' WHERE person_id = p_person;
END
$f$;
REVOKE ALL ON FUNCTION anonymise_person(uuid) FROM PUBLIC;

-- The reviewed records that are still past retention, anonymised together; each audited by id only.
CREATE FUNCTION apply_retention(p_reviewed uuid[]) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
DECLARE due record; n integer := 0;
BEGIN
  IF current_app_role() IS DISTINCT FROM 'administrator' THEN
    RAISE EXCEPTION 'only an administrator may apply retention' USING ERRCODE = 'insufficient_privilege';
  END IF;
  FOR due IN SELECT DISTINCT person_id FROM retention_due() WHERE person_id = ANY(p_reviewed) LOOP
    PERFORM anonymise_person(due.person_id);
    PERFORM audit_record('retention.anonymise', 'person', due.person_id::text, 'success', 'retention');
    n := n + 1;
  END LOOP;
  RETURN n;
END
$f$;
REVOKE ALL ON FUNCTION apply_retention(uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION apply_retention(uuid[]) TO wholepicture_app;

-- The old form anonymised whatever was due when pressed, reviewed or not, and left fields behind.
REVOKE EXECUTE ON FUNCTION apply_retention() FROM wholepicture_app;
DROP FUNCTION apply_retention();
`.execute(db);
}
