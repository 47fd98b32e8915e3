import { sql, type Kysely } from 'kysely';

// Row-level security on MARAC tables, set-based. The policies used to call
// marac_attends(meeting_id) or marac_case_visible(id) for every row, each call
// scanning marac_meeting again, so an agenda cost more with every meeting held.
// Now each statement works out once which meetings the actor attends (and
// which cases they may see) and checks rows against that set. Who sees what is
// unchanged: attends = coordinates MARAC in the partnership, chairs the meeting,
// or belongs to an agency listed for it; a case is seen by the coordinator and
// chairs, by agencies attending a meeting that lists it, and by agencies owning
// one of its actions. The actor's settings are read through sub-selects, so
// they are evaluated once per statement, not per row.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE FUNCTION marac_meetings_attended() RETURNS SETOF uuid LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT m.id FROM marac_meeting m
   WHERE m.partnership_id = current_partnership_id()
     AND (current_app_role() = 'marac-coordinator' OR m.chair_user_id = current_app_user_id())
  UNION
  SELECT a.meeting_id FROM marac_meeting_agency a
   WHERE a.agency_id = current_agency_id() AND a.partnership_id = current_partnership_id()
$f$;

CREATE FUNCTION marac_cases_visible() RETURNS SETOF uuid LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT mc.case_id FROM marac_meeting_case mc WHERE mc.meeting_id IN (SELECT marac_meetings_attended())
  UNION
  SELECT a.case_id FROM marac_action a WHERE a.owner_agency_id = current_agency_id()
$f$;
REVOKE ALL ON FUNCTION marac_meetings_attended(), marac_cases_visible() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION marac_meetings_attended(), marac_cases_visible() TO wholepicture_app;

DROP POLICY need_to_know_read ON marac_case;
CREATE POLICY need_to_know_read ON marac_case FOR SELECT TO wholepicture_app
  USING (partnership_id = (SELECT current_partnership_id())
    AND ((SELECT current_app_role()) IN ('marac-coordinator', 'marac-chair') OR id IN (SELECT marac_cases_visible())));

DROP POLICY attendees_read ON marac_meeting_case;
CREATE POLICY attendees_read ON marac_meeting_case FOR SELECT TO wholepicture_app
  USING (partnership_id = (SELECT current_partnership_id()) AND meeting_id IN (SELECT marac_meetings_attended()));

DROP POLICY coordinator_or_chair_update ON marac_meeting_case;
CREATE POLICY coordinator_or_chair_update ON marac_meeting_case FOR UPDATE TO wholepicture_app
  USING (partnership_id = (SELECT current_partnership_id())
    AND (SELECT current_app_role()) IN ('marac-coordinator', 'marac-chair')
    AND meeting_id IN (SELECT marac_meetings_attended()))
  WITH CHECK (partnership_id = (SELECT current_partnership_id()));

DROP POLICY attendees_read ON marac_research;
CREATE POLICY attendees_read ON marac_research FOR SELECT TO wholepicture_app
  USING (partnership_id = (SELECT current_partnership_id()) AND meeting_id IN (SELECT marac_meetings_attended()));

DROP POLICY need_to_know_read ON marac_action;
CREATE POLICY need_to_know_read ON marac_action FOR SELECT TO wholepicture_app
  USING (partnership_id = (SELECT current_partnership_id())
    AND (owner_agency_id = (SELECT current_agency_id())
      OR (SELECT current_app_role()) IN ('marac-coordinator', 'marac-chair')
      OR meeting_id IN (SELECT marac_meetings_attended())));
`.execute(db);
}
