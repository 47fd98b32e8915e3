import { sql, type Kysely } from 'kysely';

// The people an audit event names (audit_event_person) are covered by the
// event's hash: sealing appends their ids, in order, to the event's canonical
// text, so removing, changing or adding a link fails the event's hash in
// `npm run audit:verify`. Events sealed before this migration were hashed
// without their links; audit_chain_format records the first position that
// covers them (moving it makes the events it uncovers or newly covers fail
// their hash, so it cannot be used to hide a change). An event and its links are written in one
// transaction and sealed only after both are in.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE TABLE audit_chain_format (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  people_from_seq bigint NOT NULL
);
ALTER TABLE audit_chain_format ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_chain_format FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON audit_chain_format TO CURRENT_USER USING (true) WITH CHECK (true);
INSERT INTO audit_chain_format (people_from_seq) VALUES (
  coalesce((SELECT max(seq) FROM audit_event), (SELECT last_removed_seq FROM audit_anchor), 0) + 1);

-- The text an event's hash covers: its row, then the people it names ("|id,id", none: nothing appended).
CREATE FUNCTION audit_sealed_text(r audit_event) RETURNS text LANGUAGE sql STABLE SET search_path = public AS $f$
  SELECT audit_canonical(r) || coalesce('|' || (
    SELECT string_agg(l.person_id::text, ',' ORDER BY l.person_id) FROM audit_event_person l WHERE l.event_id = r.id), '')
$f$;
REVOKE ALL ON FUNCTION audit_sealed_text(audit_event) FROM PUBLIC;

CREATE OR REPLACE FUNCTION audit_seal(p_wait boolean, p_limit integer DEFAULT 10000) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
DECLARE head_seq bigint; head_hash text; r audit_event; n integer := 0;
BEGIN
  IF p_wait THEN
    PERFORM pg_advisory_xact_lock(727274);
  ELSIF NOT pg_try_advisory_xact_lock(727274) THEN
    RETURN 0;
  END IF;
  SELECT seq, hash INTO head_seq, head_hash FROM audit_event WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1;
  IF head_seq IS NULL THEN
    SELECT last_removed_seq, last_removed_hash INTO head_seq, head_hash FROM audit_anchor;
  END IF;
  head_seq := coalesce(head_seq, 0);
  head_hash := coalesce(head_hash, 'genesis');
  PERFORM set_config('wholepicture.audit_seal', 'on', true);
  FOR r IN SELECT * FROM audit_event WHERE seq IS NULL ORDER BY id LIMIT p_limit LOOP
    head_seq := head_seq + 1;
    r.prev_hash := head_hash;
    head_hash := encode(sha256(convert_to(audit_sealed_text(r), 'UTF8')), 'hex');
    UPDATE audit_event SET seq = head_seq, prev_hash = r.prev_hash, hash = head_hash WHERE id = r.id;
    n := n + 1;
  END LOOP;
  PERFORM set_config('wholepicture.audit_seal', 'off', true);
  RETURN n;
END
$f$;

-- The insert alone, so an event's links go in before it is sealed.
CREATE FUNCTION audit_insert(p_action text, p_subject_type text, p_subject_id text, p_outcome text, p_request_id text)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
DECLARE new_id bigint; s text[] := request_scope();
BEGIN
  INSERT INTO audit_event (id, occurred_at, partnership_id, user_id, agency_id, role, action, subject_type, subject_id, outcome, request_id)
  VALUES (0, now(), nullif(s[1], '')::uuid, nullif(s[3], '')::uuid, nullif(s[2], '')::uuid, nullif(s[4], ''),
          p_action, p_subject_type, p_subject_id, p_outcome, p_request_id)
  RETURNING id INTO new_id;
  RETURN new_id;
END
$f$;
REVOKE ALL ON FUNCTION audit_insert(text, text, text, text, text) FROM PUBLIC;

CREATE OR REPLACE FUNCTION audit_record(p_action text, p_subject_type text, p_subject_id text, p_outcome text, p_request_id text)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
DECLARE new_id bigint := audit_insert(p_action, p_subject_type, p_subject_id, p_outcome, p_request_id);
BEGIN
  PERFORM audit_seal(false, 1000);
  RETURN new_id;
END
$f$;

CREATE OR REPLACE FUNCTION audit_record_about(p_action text, p_subject_type text, p_subject_id text, p_outcome text, p_request_id text, p_people uuid[])
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
DECLARE event bigint := audit_insert(p_action, p_subject_type, p_subject_id, p_outcome, p_request_id);
BEGIN
  INSERT INTO audit_event_person (event_id, person_id)
    SELECT DISTINCT event, p.id FROM person p WHERE p.id = ANY (p_people) AND p.partnership_id = (SELECT current_partnership_id());
  PERFORM audit_seal(false, 1000);
  RETURN event;
END
$f$;
`.execute(db);
}
