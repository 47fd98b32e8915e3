import { sql, type Kysely } from 'kysely';

// What an incident sets off (its classification, the MARAC repeat flag, the school notice, the worklist
// items for a missing checklist, an escalation or repeat with no referral, and cumulative concern) is now
// worked out once per statement over the rows it recorded (a transition table), not once per row: an
// import part records 200 incidents in one statement, and six row triggers each ran their queries 200
// times (4.5 s of the 7.4 s a 2,000-incident import took).
//
// The outcome is what recording the incidents one at a time, in the statement's order, gives. A transition
// table is read in the order its rows were inserted, so that order is numbered (seq) where it matters:
// - an escalation counts the incidents recorded before it and itself, not those after it in the statement;
// - a criterion with no referral is raised once per person, by the first incident that meets one (a repeat
//   or an escalation), as before;
// - cumulative concern is looked at for each incident in turn, as the incidents recorded up to it stand,
//   but only for people whose incidents in the last 12 months come from two agencies or more (with fewer it
//   cannot be raised, so the rest are skipped at once).
// Classification reads the partnership's list of contact kinds (contact_is_abuse), a query for each row, so
// it is no longer a row trigger before the insert: the rows classified otherwise than recorded (support
// contacts, as the column defaults to an abuse incident) are set just after it, before the rest reads them.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
-- The records confirmed as the same person as each of these people (each itself included), in one query.
CREATE FUNCTION people_confirmed_ids(p_people uuid[]) RETURNS TABLE (person_id uuid, confirmed_id uuid)
LANGUAGE sql STABLE SET search_path = public ROWS 200 AS $f$
  WITH RECURSIVE c(person_id, confirmed_id) AS (
    SELECT p, p FROM unnest(p_people) AS p
    UNION
    SELECT c.person_id, o.id FROM c CROSS JOIN LATERAL (
      SELECT l.person_b FROM person_link l WHERE l.person_a = c.confirmed_id AND l.status = 'confirmed'
      UNION ALL
      SELECT l.person_a FROM person_link l WHERE l.person_b = c.confirmed_id AND l.status = 'confirmed'
    ) AS o(id)
  ) SELECT person_id, confirmed_id FROM c
$f$;
REVOKE ALL ON FUNCTION people_confirmed_ids(uuid[]) FROM PUBLIC;

DROP TRIGGER incident_classify ON incident;
DROP TRIGGER marac_repeat ON incident;
DROP TRIGGER school_notice_note ON incident;
DROP TRIGGER worklist_incident_concern ON incident;
DROP TRIGGER worklist_incident_escalation ON incident;
DROP TRIGGER worklist_incident_recorded ON incident;
-- A repeat flag on an incident raises its criterion with the incident's escalation, below, in order.
DROP TRIGGER worklist_repeat_flagged ON marac_repeat_flag;
DROP FUNCTION incident_classify();
DROP FUNCTION marac_incident_repeat();
DROP FUNCTION school_notice_note();
DROP FUNCTION worklist_incident_concern();
DROP FUNCTION worklist_incident_escalation();
DROP FUNCTION worklist_incident_recorded();
DROP FUNCTION worklist_repeat_flagged();

-- Statement triggers fire in name order, so classification (incident_classify) comes first, as before.
CREATE FUNCTION incident_classify() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  UPDATE incident i SET is_abuse = c.is_abuse
    FROM (SELECT r.id, contact_is_abuse(r.partnership_id, r.contact_type) AS is_abuse FROM recorded r) AS c
    WHERE i.id = c.id AND i.is_abuse IS DISTINCT FROM c.is_abuse;
  RETURN NULL;
END $f$;
CREATE TRIGGER incident_classify AFTER INSERT ON incident REFERENCING NEW TABLE AS recorded
  FOR EACH STATEMENT EXECUTE FUNCTION incident_classify();

-- marac_flag_repeat for each incident: within 12 months after the last MARAC of the person (any record confirmed as theirs).
CREATE FUNCTION marac_incident_repeat() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  INSERT INTO marac_repeat_flag (partnership_id, person_id, source, source_id, last_marac_on)
    SELECT r.partnership_id, r.person_id, 'incident', r.id, max(m.discussed_on)
    FROM recorded r
      JOIN people_confirmed_ids(ARRAY(SELECT DISTINCT person_id FROM recorded)) c ON c.person_id = r.person_id
      JOIN last_marac m ON m.person_id = c.confirmed_id AND m.partnership_id = r.partnership_id AND m.discussed_on <= r.occurred_on
    GROUP BY r.id, r.partnership_id, r.person_id, r.occurred_on
    HAVING r.occurred_on <= (max(m.discussed_on) + interval '12 months')::date
    ON CONFLICT (source, source_id) DO NOTHING;
  RETURN NULL;
END $f$;
CREATE TRIGGER marac_repeat AFTER INSERT ON incident REFERENCING NEW TABLE AS recorded
  FOR EACH STATEMENT EXECUTE FUNCTION marac_incident_repeat();

CREATE FUNCTION school_notice_note() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  INSERT INTO school_notice_due (incident_id)
    SELECT i.id FROM recorded r JOIN incident i ON i.id = r.id JOIN agency a ON a.id = r.agency_id
    WHERE i.is_abuse AND (r.police_recorded OR a.kind = 'police')
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $f$;
CREATE TRIGGER school_notice_note AFTER INSERT ON incident REFERENCING NEW TABLE AS recorded
  FOR EACH STATEMENT EXECUTE FUNCTION school_notice_note();

-- worklist_concern_check as it stood before the incidents not yet recorded (those after the one looked at).
CREATE FUNCTION worklist_concern_incidents(p_person uuid, p_since date, p_decided timestamptz, p_unrecorded uuid[])
RETURNS TABLE (id uuid, agency_id uuid, person_id uuid, partnership_id uuid, occurred_on date, created_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT i.id, i.agency_id, i.person_id, i.partnership_id, i.occurred_on, i.created_at
  FROM worklist_concern_incidents(p_person, p_since, p_decided) i WHERE i.id <> ALL (p_unrecorded)
$f$;
REVOKE ALL ON FUNCTION worklist_concern_incidents(uuid, date, timestamptz, uuid[]) FROM PUBLIC;

CREATE FUNCTION worklist_concern_check(p_person uuid, p_unrecorded uuid[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
DECLARE
  v_partnership uuid;
  v_decided timestamptz;
  v_since date := (current_date - interval '12 months')::date;
  v_agencies integer;
  v_checked date;
  v_checked_at timestamptz;
  v_high boolean;
  s worklist_setting%ROWTYPE;
  v_lead uuid;
  v_latest record;
  v_person uuid;
BEGIN
  IF EXISTS (SELECT 1 FROM worklist_item WHERE status = 'open' AND kind = 'cumulative-concern'
      AND person_id IN (SELECT person_confirmed_ids(p_person))) THEN RETURN; END IF;
  SELECT max(closed_at) INTO v_decided FROM worklist_item
    WHERE kind = 'cumulative-concern' AND person_id IN (SELECT person_confirmed_ids(p_person));
  SELECT count(DISTINCT agency_id) INTO v_agencies FROM worklist_concern_incidents(p_person, v_since, v_decided, p_unrecorded);
  IF v_agencies < 2 THEN RETURN; END IF;
  SELECT max(completed_on), max(created_at), coalesce(bool_or(level = 'high'), false) INTO v_checked, v_checked_at, v_high FROM assessment
    WHERE person_id IN (SELECT person_confirmed_ids(p_person)) AND status = 'completed' AND completed_on >= v_since;
  -- A high-risk checklist is for the MARAC criterion, not this item.
  IF v_high THEN RETURN; END IF;
  -- A standard or medium checklist answers the concern only until the next contact: one after it, or
  -- one recorded after it was started (which it could not have weighed).
  IF v_checked IS NOT NULL AND NOT EXISTS (SELECT 1 FROM worklist_concern_incidents(p_person, v_since, v_decided, p_unrecorded)
      WHERE occurred_on > v_checked OR created_at > v_checked_at) THEN RETURN; END IF;

  SELECT * INTO v_latest FROM worklist_concern_incidents(p_person, v_since, v_decided, p_unrecorded) ORDER BY occurred_on DESC, created_at DESC LIMIT 1;
  v_partnership := v_latest.partnership_id;
  SELECT * INTO s FROM worklist_setting WHERE partnership_id = v_partnership;
  IF s.concern_lead_rule = 'named-agency' THEN
    SELECT id INTO v_lead FROM agency WHERE id = s.concern_lead_agency_id AND active;
  ELSIF s.concern_lead_rule = 'latest-incident' THEN
    v_lead := v_latest.agency_id;
  END IF;
  IF v_lead IS NULL THEN
    SELECT agency_id INTO v_lead FROM worklist_concern_incidents(p_person, v_since, v_decided, p_unrecorded)
      GROUP BY agency_id ORDER BY count(*) DESC, max(occurred_on) DESC, max(created_at) DESC LIMIT 1;
  END IF;
  -- The lead agency's own record of the person, when it has one; otherwise the latest incident's.
  SELECT id INTO v_person FROM person WHERE id IN (SELECT person_confirmed_ids(p_person)) AND agency_id = v_lead ORDER BY created_at LIMIT 1;
  INSERT INTO worklist_item (partnership_id, agency_id, kind, subject_type, subject_id, person_id, checklist_due_at, due_at)
    VALUES (v_partnership, v_lead, 'cumulative-concern', 'incident', v_latest.id, coalesce(v_person, v_latest.person_id),
      now() + make_interval(days => coalesce(s.concern_checklist_days, 7)), now() + make_interval(days => coalesce(s.concern_decision_days, 14)))
    ON CONFLICT DO NOTHING;
END $f$;
REVOKE ALL ON FUNCTION worklist_concern_check(uuid, uuid[]) FROM PUBLIC;

CREATE OR REPLACE FUNCTION worklist_concern_check(p_person uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  PERFORM worklist_concern_check(p_person, '{}'::uuid[]);
END $f$;

CREATE FUNCTION worklist_incident_concern() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
DECLARE
  v_ids uuid[];
  r record;
BEGIN
  SELECT array_agg(id ORDER BY seq) INTO v_ids FROM (SELECT id, row_number() OVER () AS seq FROM recorded) AS n;
  FOR r IN
    WITH n AS MATERIALIZED (SELECT id, person_id, row_number() OVER () AS seq FROM recorded),
    c AS (SELECT * FROM people_confirmed_ids(ARRAY(SELECT DISTINCT person_id FROM n))),
    possible AS (
      SELECT c.person_id FROM c JOIN incident i ON i.person_id = c.confirmed_id
      WHERE i.occurred_on >= (current_date - interval '12 months')::date
      GROUP BY c.person_id HAVING count(DISTINCT i.agency_id) >= 2
    )
    SELECT n.person_id, n.seq FROM n JOIN possible p ON p.person_id = n.person_id ORDER BY n.seq
  LOOP
    PERFORM worklist_concern_check(r.person_id, v_ids[r.seq + 1:]);
  END LOOP;
  RETURN NULL;
END $f$;
CREATE TRIGGER worklist_incident_concern AFTER INSERT ON incident REFERENCING NEW TABLE AS recorded
  FOR EACH STATEMENT EXECUTE FUNCTION worklist_incident_concern();

-- A MARAC criterion met by an abuse incident with no referral: a repeat (flagged by marac_repeat, with no
-- referral since the incident) or, for a police-recorded one, the partnership's threshold of such
-- incidents in 12 months reached with no referral in that time. Raised once per person at a time, by the
-- first incident in order that meets one.
CREATE FUNCTION worklist_incident_escalation() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
DECLARE r record;
BEGIN
  FOR r IN
    WITH n AS MATERIALIZED (SELECT id, row_number() OVER () AS seq FROM recorded),
    c AS (SELECT * FROM people_confirmed_ids(ARRAY(SELECT DISTINCT person_id FROM recorded))),
    -- one key per person, the same for every record confirmed as theirs
    who AS (SELECT person_id, min(confirmed_id::text) AS key FROM c GROUP BY person_id),
    counted AS (
      SELECT i.id, i.partnership_id, i.agency_id, i.person_id, i.occurred_on, i.is_abuse, i.police_recorded, n.seq, w.key,
        i.is_abuse AND i.police_recorded AND i.occurred_on >= (current_date - interval '12 months')::date AS counts
      FROM n JOIN incident i ON i.id = n.id JOIN who w ON w.person_id = i.person_id
    ),
    running AS (
      SELECT k.*, sum(k.counts::int) OVER (PARTITION BY k.key ORDER BY k.seq) AS so_far FROM counted k
    ),
    met AS (
      SELECT k.*, row_number() OVER (PARTITION BY k.key ORDER BY k.seq) AS nth FROM running k
      WHERE k.is_abuse AND (
        (EXISTS (SELECT 1 FROM marac_repeat_flag f WHERE f.source = 'incident' AND f.source_id = k.id)
          AND NOT EXISTS (SELECT 1 FROM c JOIN marac_referral m ON m.person_id = c.confirmed_id
            WHERE c.person_id = k.person_id AND m.referred_at::date >= k.occurred_on))
        OR (k.police_recorded
          AND k.so_far + (SELECT count(*) FROM c JOIN incident o ON o.person_id = c.confirmed_id
            WHERE c.person_id = k.person_id AND o.is_abuse AND o.police_recorded
              AND o.occurred_on >= (current_date - interval '12 months')::date
              AND o.id NOT IN (SELECT id FROM n))
            >= coalesce((SELECT escalation_incident_threshold FROM partnership WHERE id = k.partnership_id), 3)
          AND NOT EXISTS (SELECT 1 FROM c JOIN marac_referral m ON m.person_id = c.confirmed_id
            WHERE c.person_id = k.person_id AND m.referred_at >= now() - interval '12 months')))
    )
    SELECT * FROM met WHERE nth = 1 ORDER BY seq
  LOOP
    PERFORM worklist_raise_criterion(r.partnership_id, r.agency_id, 'incident', r.id, r.person_id);
  END LOOP;
  RETURN NULL;
END $f$;
CREATE TRIGGER worklist_incident_escalation AFTER INSERT ON incident REFERENCING NEW TABLE AS recorded
  FOR EACH STATEMENT EXECUTE FUNCTION worklist_incident_escalation();

-- An abuse incident with a victim puts an item on the recording agency's list and its lead's, due within
-- the partnership's time for a checklist, unless a checklist already follows it (on any record confirmed
-- as the same person).
CREATE FUNCTION worklist_incident_recorded() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  WITH c AS (SELECT * FROM people_confirmed_ids(ARRAY(SELECT DISTINCT person_id FROM recorded)))
  INSERT INTO worklist_item (partnership_id, agency_id, for_lead, kind, subject_type, subject_id, person_id, due_at)
    SELECT i.partnership_id, i.agency_id, l.lead, 'incident-without-checklist', 'incident', i.id, i.person_id,
      i.created_at + make_interval(hours => coalesce(
        CASE WHEN a.kind = 'police' THEN s.police_checklist_hours ELSE s.other_checklist_hours END,
        CASE WHEN a.kind = 'police' THEN 24 ELSE 168 END))
    FROM recorded r JOIN incident i ON i.id = r.id
      JOIN agency a ON a.id = i.agency_id
      LEFT JOIN worklist_setting s ON s.partnership_id = i.partnership_id
      CROSS JOIN (VALUES (false), (true)) AS l(lead)
    WHERE i.is_abuse AND NOT EXISTS (
      SELECT 1 FROM c JOIN assessment x ON x.person_id = c.confirmed_id
      WHERE c.person_id = i.person_id AND x.status = 'completed' AND x.completed_on >= i.occurred_on)
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $f$;
CREATE TRIGGER worklist_incident_recorded AFTER INSERT ON incident REFERENCING NEW TABLE AS recorded
  FOR EACH STATEMENT EXECUTE FUNCTION worklist_incident_recorded();
`.execute(db);
}
