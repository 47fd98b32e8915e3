import { sql, type Kysely } from 'kysely';

// The quarterly return is also the partnership analyst's work, but an analyst has no business
// reading MARAC cases. These functions give the return exactly what it counts, with no name,
// record id or date of birth (the victim's age at the meeting instead), to the coordinator and
// the analyst of the acting partnership only.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE FUNCTION marac_return_discussions(p_from date, p_to date)
RETURNS TABLE (held_on date, is_repeat boolean, children integer, victim_sex text, victim_bme boolean, victim_lgbt boolean, victim_disabled boolean, age_at_meeting integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT m.held_on, mc.is_repeat, mc.children_in_household, c.victim_sex, c.victim_bme, c.victim_lgbt, c.victim_disabled,
         date_part('year', age(m.held_on, p.date_of_birth))::integer
  FROM marac_meeting_case mc
  JOIN marac_meeting m ON m.id = mc.meeting_id
  JOIN marac_case c ON c.id = mc.case_id
  JOIN person p ON p.id = c.person_id
  WHERE m.partnership_id = current_partnership_id() AND current_app_role() IN ('marac-coordinator', 'partnership-analyst')
    AND m.status = 'held' AND m.held_on >= p_from AND m.held_on < p_to
$f$;

CREATE FUNCTION marac_return_referrals(p_from date, p_to date) RETURNS TABLE (agency_name text, agency_kind text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT a.name, a.kind FROM marac_referral r JOIN agency a ON a.id = r.referring_agency_id
  WHERE r.partnership_id = current_partnership_id() AND current_app_role() IN ('marac-coordinator', 'partnership-analyst')
    AND (r.referred_at AT TIME ZONE 'Europe/London')::date >= p_from AND (r.referred_at AT TIME ZONE 'Europe/London')::date < p_to
$f$;
REVOKE ALL ON FUNCTION marac_return_discussions(date, date), marac_return_referrals(date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION marac_return_discussions(date, date), marac_return_referrals(date, date) TO wholepicture_app;
`.execute(db);
}
