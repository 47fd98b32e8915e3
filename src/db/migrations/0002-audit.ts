import { sql, type Kysely } from 'kysely';

// Append-only, hash-chained audit log. The app role can only append, through
// audit_record(); nobody can change or delete a row except the retention
// job (audit_apply_retention), which leaves an anchor so the chain still verifies.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE SEQUENCE audit_event_id_seq;
CREATE TABLE audit_event (
  id bigint PRIMARY KEY,
  occurred_at timestamptz NOT NULL,
  partnership_id uuid,
  user_id uuid,
  agency_id uuid,
  role text,
  action text NOT NULL CHECK (action ~ '^[a-z0-9.-]{2,80}$'),
  subject_type text CHECK (subject_type ~ '^[a-z0-9-]{2,40}$'),
  subject_id text CHECK (length(subject_id) <= 80),
  outcome text NOT NULL CHECK (outcome IN ('success','denied','failure')),
  request_id text CHECK (length(request_id) <= 80),
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_event_subject ON audit_event (subject_type, subject_id);
CREATE INDEX audit_event_user ON audit_event (user_id, occurred_at);

CREATE TABLE audit_anchor (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  last_removed_id bigint NOT NULL,
  last_removed_hash text NOT NULL,
  removed_at timestamptz NOT NULL DEFAULT now()
);

-- The one canonical text of a row that the hash covers; tools/audit-verify.ts rebuilds it independently.
CREATE FUNCTION audit_canonical(e audit_event) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT concat_ws('|', e.id::text, to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    coalesce(e.partnership_id::text, ''), coalesce(e.user_id::text, ''), coalesce(e.agency_id::text, ''),
    coalesce(e.role, ''), e.action, coalesce(e.subject_type, ''), coalesce(e.subject_id, ''), e.outcome,
    coalesce(e.request_id, ''), e.prev_hash)
$f$;

CREATE FUNCTION audit_chain() RETURNS trigger LANGUAGE plpgsql AS $f$
DECLARE previous text;
BEGIN
  -- One writer at a time, so ids, times and links follow one order.
  PERFORM pg_advisory_xact_lock(727274);
  NEW.id := nextval('audit_event_id_seq');
  NEW.occurred_at := clock_timestamp();
  SELECT hash INTO previous FROM audit_event ORDER BY id DESC LIMIT 1;
  IF previous IS NULL THEN
    SELECT last_removed_hash INTO previous FROM audit_anchor;
  END IF;
  NEW.prev_hash := coalesce(previous, 'genesis');
  NEW.hash := encode(sha256(convert_to(audit_canonical(NEW), 'UTF8')), 'hex');
  RETURN NEW;
END
$f$;
CREATE TRIGGER audit_chain BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_chain();

CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('wholepicture.audit_retention', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_event is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$f$;
CREATE TRIGGER audit_refuse_change BEFORE UPDATE OR DELETE ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_refuse_truncate BEFORE TRUNCATE ON audit_event FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

ALTER TABLE audit_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_event FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON audit_event TO CURRENT_USER USING (true) WITH CHECK (true);

CREATE FUNCTION audit_record(p_action text, p_subject_type text, p_subject_id text, p_outcome text, p_request_id text)
RETURNS bigint LANGUAGE sql SECURITY DEFINER SET search_path = public AS $f$
  INSERT INTO audit_event (id, occurred_at, partnership_id, user_id, agency_id, role, action, subject_type, subject_id, outcome, request_id, prev_hash, hash)
  VALUES (0, now(), current_partnership_id(), current_app_user_id(), current_agency_id(), current_app_role(),
          p_action, p_subject_type, p_subject_id, p_outcome, p_request_id, '', '')
  RETURNING id
$f$;
REVOKE ALL ON FUNCTION audit_record(text, text, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_record(text, text, text, text, text) TO wholepicture_app;

-- Retention: the only sanctioned removal. Removes events older than the
-- cut-off, records the last removed hash as the new anchor, and logs itself.
CREATE FUNCTION audit_apply_retention(p_before timestamptz) RETURNS integer LANGUAGE plpgsql AS $f$
DECLARE last_row audit_event; removed integer;
BEGIN
  PERFORM pg_advisory_xact_lock(727274);
  SELECT * INTO last_row FROM audit_event WHERE occurred_at < p_before ORDER BY id DESC LIMIT 1;
  IF last_row.id IS NULL THEN RETURN 0; END IF;
  PERFORM set_config('wholepicture.audit_retention', 'on', true);
  DELETE FROM audit_event WHERE id <= last_row.id;
  GET DIAGNOSTICS removed = ROW_COUNT;
  PERFORM set_config('wholepicture.audit_retention', 'off', true);
  INSERT INTO audit_anchor (last_removed_id, last_removed_hash) VALUES (last_row.id, last_row.hash)
    ON CONFLICT (singleton) DO UPDATE SET last_removed_id = EXCLUDED.last_removed_id,
      last_removed_hash = EXCLUDED.last_removed_hash, removed_at = now();
  RETURN removed;
END
$f$;
REVOKE ALL ON FUNCTION audit_apply_retention(timestamptz) FROM PUBLIC;
`.execute(db);
}
