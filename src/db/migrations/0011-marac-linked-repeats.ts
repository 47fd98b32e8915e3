import { sql, type Kysely } from 'kysely';

// A repeat is about the victim, not one agency's record of her. Until now the repeat rules looked up
// the last MARAC of the very record that received the new incident, checklist or referral, so an A&E
// attendance recorded on the hospital's record of a victim discussed under the police's record was
// not flagged, and a health referral for her opened a second case. They now follow the links a
// practitioner has confirmed between records (as the risk history does: an unconfirmed suggestion
// is shown as a possible match, never counted as the same person).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE FUNCTION person_confirmed_ids(p_person uuid) RETURNS SETOF uuid LANGUAGE sql STABLE SET search_path = public AS $f$
  WITH RECURSIVE c(id) AS (
    SELECT p_person
    UNION
    SELECT CASE WHEN l.person_a = c.id THEN l.person_b ELSE l.person_a END
    FROM person_link l JOIN c ON l.person_a = c.id OR l.person_b = c.id
    WHERE l.status = 'confirmed'
  ) SELECT id FROM c
$f$;
REVOKE ALL ON FUNCTION person_confirmed_ids(uuid) FROM PUBLIC;

CREATE OR REPLACE FUNCTION marac_flag_repeat(p_partnership uuid, p_person uuid, p_source text, p_source_id uuid, p_on date) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
DECLARE v_last date;
BEGIN
  SELECT max(discussed_on) INTO v_last FROM last_marac
   WHERE person_id IN (SELECT person_confirmed_ids(p_person)) AND partnership_id = p_partnership AND discussed_on <= p_on;
  IF v_last IS NULL OR p_on > (v_last + interval '12 months')::date THEN RETURN false; END IF;
  INSERT INTO marac_repeat_flag (partnership_id, person_id, source, source_id, last_marac_on)
    VALUES (p_partnership, p_person, p_source, p_source_id, v_last) ON CONFLICT (source, source_id) DO NOTHING;
  RETURN true;
END $f$;

CREATE OR REPLACE FUNCTION marac_referral_before_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
DECLARE v_case uuid; v_discussed boolean;
BEGIN
  SELECT EXISTS (SELECT 1 FROM last_marac WHERE person_id IN (SELECT person_confirmed_ids(NEW.person_id)) AND partnership_id = NEW.partnership_id
    AND discussed_on >= (NEW.referred_at::date - interval '12 months')::date) INTO v_discussed;
  SELECT id INTO v_case FROM marac_case WHERE person_id IN (SELECT person_confirmed_ids(NEW.person_id)) AND partnership_id = NEW.partnership_id
    AND (status = 'open' OR v_discussed) ORDER BY (status = 'open') DESC, opened_at DESC LIMIT 1;
  -- Set here whatever the inserting role sent: a referral always starts undecided, and only this rule links it to a case.
  NEW.is_repeat := v_case IS NOT NULL OR v_discussed;
  NEW.case_id := v_case;
  NEW.status := 'awaiting-coordinator';
  NEW.decision_reason := NULL;
  NEW.decided_by := NULL;
  NEW.decided_at := NULL;
  IF NEW.assessment_id IS NOT NULL THEN
    SELECT coalesce(NEW.consent_status, a.consent_to_share), coalesce(NEW.children_in_household, a.children_in_household)
      INTO NEW.consent_status, NEW.children_in_household FROM assessment a WHERE a.id = NEW.assessment_id;
  END IF;
  RETURN NEW;
END $f$;
`.execute(db);
}
