import { sql, type Kysely } from 'kysely';

// Retention asks each module to anonymise its own rows. Each module has one function that clears what
// its tables hold about a person, and registers it in retention_anonymiser; anonymise_person runs every
// registered function, so a module that adds a table with personal data extends its own function (or
// registers a new one) in its migration, and no function lists every module's tables.
//
// The fields cleared are exactly those the single function cleared before (migration 0014).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE TABLE retention_anonymiser (
  module text PRIMARY KEY CHECK (module ~ '^[a-z][a-z-]*$'),
  anonymise regprocedure NOT NULL
);
-- Only the owner reads it: anonymise_person calls what it names.
REVOKE ALL ON retention_anonymiser FROM PUBLIC;

CREATE FUNCTION anonymise_person_people(p_person uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  UPDATE person SET given_name = 'Removed', family_name = 'Removed', middle_names = NULL, date_of_birth = '1900-01-02',
    nhs_number = NULL, pnc_id = NULL, source_id = NULL, anonymised_at = now() WHERE id = p_person;
  DELETE FROM person_alias WHERE person_id = p_person;
  DELETE FROM person_address WHERE person_id = p_person;
  UPDATE incident SET summary = NULL, source_id = NULL WHERE person_id = p_person;
END
$f$;

CREATE FUNCTION anonymise_person_risk(p_person uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  UPDATE assessment SET answers = '[]', victim_view = NULL, judgement_reason = NULL WHERE person_id = p_person;
  UPDATE household_member SET given_name = 'Removed', family_name = NULL, date_of_birth = NULL, description = NULL
   WHERE assessment_id IN (SELECT id FROM assessment WHERE person_id = p_person);
  UPDATE child_risk_rating SET judgement_reason = NULL WHERE assessment_id IN (SELECT id FROM assessment WHERE person_id = p_person);
  UPDATE step_outcome SET reason = NULL WHERE assessment_id IN (SELECT id FROM assessment WHERE person_id = p_person);
  UPDATE risk_plan SET plan = '{}' WHERE assessment_id IN (SELECT id FROM assessment WHERE person_id = p_person);
END
$f$;

CREATE FUNCTION anonymise_person_marac(p_person uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  UPDATE marac_referral SET reason = NULL, decision_reason = NULL WHERE person_id = p_person;
  UPDATE marac_case SET summary = NULL, lawful_basis = NULL, outcome = NULL WHERE person_id = p_person;
  UPDATE marac_research SET victim = NULL, perpetrator = NULL, children = NULL WHERE case_id IN (SELECT id FROM marac_case WHERE person_id = p_person);
  UPDATE marac_action SET description = 'Removed under retention', completion_note = NULL WHERE case_id IN (SELECT id FROM marac_case WHERE person_id = p_person);
END
$f$;

CREATE FUNCTION anonymise_person_access(p_person uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  DELETE FROM restricted_detail WHERE person_id = p_person;
  UPDATE sharing_decision SET note = 'Removed under retention' WHERE person_id = p_person;
  UPDATE break_glass_grant SET reason = 'Removed under retention' WHERE person_id = p_person;
END
$f$;

REVOKE ALL ON FUNCTION anonymise_person_people(uuid) FROM PUBLIC;
REVOKE ALL ON FUNCTION anonymise_person_risk(uuid) FROM PUBLIC;
REVOKE ALL ON FUNCTION anonymise_person_marac(uuid) FROM PUBLIC;
REVOKE ALL ON FUNCTION anonymise_person_access(uuid) FROM PUBLIC;

INSERT INTO retention_anonymiser (module, anonymise) VALUES
  ('people', 'anonymise_person_people(uuid)'),
  ('risk', 'anonymise_person_risk(uuid)'),
  ('marac', 'anonymise_person_marac(uuid)'),
  ('access', 'anonymise_person_access(uuid)');

-- Every module's anonymiser, in a fixed order; apply_retention (migration 0014) calls this as before.
CREATE OR REPLACE FUNCTION anonymise_person(p_person uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
DECLARE m record;
BEGIN
  FOR m IN SELECT anonymise FROM retention_anonymiser ORDER BY module LOOP
    EXECUTE format('SELECT %s($1)', m.anonymise::regproc) USING p_person;
  END LOOP;
END
$f$;
REVOKE ALL ON FUNCTION anonymise_person(uuid) FROM PUBLIC;
`.execute(db);
}
