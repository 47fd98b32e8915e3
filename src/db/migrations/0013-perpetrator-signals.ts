import { sql, type Kysely } from 'kysely';

// A perpetrator who moves between areas starts again with a clean slate in each. Partnerships that
// have agreed to share perpetrator signals (both must opt in) learn that a person they hold as a
// perpetrator is also a perpetrator against victims in another partnership: the partnership's name
// and the number of victims, nothing more. Only exact identity counts across partnerships (the
// same NHS number, PNC ID, or name and date of birth): nobody there could confirm a fuzzy match.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
ALTER TABLE partnership ADD COLUMN shares_perpetrator_signals boolean NOT NULL DEFAULT false;
GRANT SELECT (shares_perpetrator_signals), UPDATE (shares_perpetrator_signals) ON partnership TO wholepicture_app;

CREATE INDEX person_identity_any_partnership ON person (lower(family_name), date_of_birth);
CREATE INDEX person_nhs_any_partnership ON person (nhs_number) WHERE nhs_number IS NOT NULL;
CREATE INDEX person_pnc_any_partnership ON person (pnc_id) WHERE pnc_id IS NOT NULL;

CREATE FUNCTION perpetrator_victims_elsewhere(p_people uuid[]) RETURNS TABLE (partnership_name text, victims integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  WITH me AS (
    SELECT p.partnership_id, p.given_name, p.family_name, p.date_of_birth, p.nhs_number, p.pnc_id
    FROM person p JOIN partnership mine ON mine.id = p.partnership_id
    WHERE p.id = ANY(p_people) AND p.partnership_id = current_partnership_id() AND mine.shares_perpetrator_signals
      AND p.anonymised_at IS NULL AND current_app_role() IS DISTINCT FROM 'administrator'
  ), same AS (
    SELECT DISTINCT o.id, o.partnership_id FROM me JOIN person o ON o.partnership_id <> me.partnership_id AND o.anonymised_at IS NULL AND (
      (me.nhs_number IS NOT NULL AND o.nhs_number = me.nhs_number) OR (me.pnc_id IS NOT NULL AND o.pnc_id = me.pnc_id)
      OR (lower(o.family_name) = lower(me.family_name) AND o.date_of_birth = me.date_of_birth AND lower(o.given_name) = lower(me.given_name)))
  )
  SELECT pa.name, count(DISTINCT v.person_id)::integer
  FROM same s JOIN partnership pa ON pa.id = s.partnership_id AND pa.shares_perpetrator_signals
  JOIN incident_involvement perp ON perp.person_id = s.id AND perp.role = 'perpetrator'
  JOIN incident_involvement v ON v.incident_id = perp.incident_id AND v.role = 'victim'
  GROUP BY pa.name ORDER BY pa.name
$f$;
REVOKE ALL ON FUNCTION perpetrator_victims_elsewhere(uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION perpetrator_victims_elsewhere(uuid[]) TO wholepicture_app;
`.execute(db);
}
