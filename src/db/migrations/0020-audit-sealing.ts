import { sql, type Kysely } from 'kysely';

// The audit chain without one global lock. An event is a plain insert; sealing
// gives it its place in the chain (seq), the previous event's hash and its own
// hash. Whoever writes an event seals every committed unsealed event if no one
// else is sealing at that moment (a try-lock, so writers never queue), and the
// service seals what is left at a short interval. The chain's order is seq, not
// id: ids are taken at insert and transactions commit out of order.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
ALTER TABLE audit_event ADD COLUMN seq bigint;
ALTER TABLE audit_event ALTER COLUMN prev_hash DROP NOT NULL, ALTER COLUMN hash DROP NOT NULL;
ALTER TABLE audit_event DISABLE TRIGGER audit_refuse_change;
UPDATE audit_event SET seq = id;
ALTER TABLE audit_event ENABLE TRIGGER audit_refuse_change;
CREATE UNIQUE INDEX audit_event_seq ON audit_event (seq) WHERE seq IS NOT NULL;
CREATE INDEX audit_event_unsealed ON audit_event (id) WHERE seq IS NULL;
ALTER TABLE audit_event ADD CONSTRAINT audit_event_sealed_whole CHECK ((seq IS NULL) = (hash IS NULL) AND (seq IS NULL) = (prev_hash IS NULL));

ALTER TABLE audit_anchor ADD COLUMN last_removed_seq bigint;
UPDATE audit_anchor SET last_removed_seq = last_removed_id;

CREATE OR REPLACE FUNCTION audit_chain() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  NEW.id := nextval('audit_event_id_seq');
  NEW.occurred_at := clock_timestamp();
  NEW.seq := NULL;
  NEW.prev_hash := NULL;
  NEW.hash := NULL;
  RETURN NEW;
END
$f$;

-- Sealing is the one change allowed to a row, and only to an unsealed one.
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('wholepicture.audit_retention', true) = 'on' THEN
    RETURN OLD;
  END IF;
  IF TG_OP = 'UPDATE' AND current_setting('wholepicture.audit_seal', true) = 'on' AND OLD.seq IS NULL
     AND (NEW.id, NEW.occurred_at, NEW.partnership_id, NEW.user_id, NEW.agency_id, NEW.role, NEW.action, NEW.subject_type,
          NEW.subject_id, NEW.outcome, NEW.request_id) IS NOT DISTINCT FROM
         (OLD.id, OLD.occurred_at, OLD.partnership_id, OLD.user_id, OLD.agency_id, OLD.role, OLD.action, OLD.subject_type,
          OLD.subject_id, OLD.outcome, OLD.request_id) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_event is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$f$;

-- Seals committed unsealed events in id order, at most p_limit of them.
-- p_wait false: give up at once if another transaction is sealing.
CREATE FUNCTION audit_seal(p_wait boolean, p_limit integer DEFAULT 10000) RETURNS integer
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
    head_hash := encode(sha256(convert_to(audit_canonical(r), 'UTF8')), 'hex');
    UPDATE audit_event SET seq = head_seq, prev_hash = r.prev_hash, hash = head_hash WHERE id = r.id;
    n := n + 1;
  END LOOP;
  PERFORM set_config('wholepicture.audit_seal', 'off', true);
  RETURN n;
END
$f$;

CREATE OR REPLACE FUNCTION audit_record(p_action text, p_subject_type text, p_subject_id text, p_outcome text, p_request_id text)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
DECLARE new_id bigint;
BEGIN
  INSERT INTO audit_event (id, occurred_at, partnership_id, user_id, agency_id, role, action, subject_type, subject_id, outcome, request_id)
  VALUES (0, now(), current_partnership_id(), current_app_user_id(), current_agency_id(), current_app_role(),
          p_action, p_subject_type, p_subject_id, p_outcome, p_request_id)
  RETURNING id INTO new_id;
  PERFORM audit_seal(false, 1000);
  RETURN new_id;
END
$f$;

-- The newest sealed event: what a checkpoint signs.
CREATE FUNCTION audit_head() RETURNS TABLE (seq bigint, event_id bigint, hash text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  SELECT seq, id, hash FROM audit_event WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1
$f$;

-- Checkpoints the service has signed and written outside the database. Only
-- their positions are kept here: retention refuses to remove events no
-- checkpoint covers. The signature lives only in the sink.
CREATE TABLE audit_checkpoint (
  seq bigint PRIMARY KEY,
  event_id bigint NOT NULL,
  hash text NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE audit_checkpoint ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_checkpoint FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON audit_checkpoint TO CURRENT_USER USING (true) WITH CHECK (true);

CREATE FUNCTION audit_checkpoint_written(p_seq bigint, p_event_id bigint, p_hash text) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public AS $f$
  INSERT INTO audit_checkpoint (seq, event_id, hash) VALUES (p_seq, p_event_id, p_hash) ON CONFLICT (seq) DO NOTHING
$f$;

-- Retention removes through the newest event a checkpoint covers, never further.
DROP FUNCTION audit_apply_retention(timestamptz);
CREATE FUNCTION audit_apply_retention(p_before timestamptz, p_through_seq bigint) RETURNS integer LANGUAGE plpgsql AS $f$
DECLARE last_row audit_event; removed integer;
BEGIN
  PERFORM pg_advisory_xact_lock(727274);
  IF NOT EXISTS (SELECT 1 FROM audit_checkpoint c JOIN audit_event e ON e.seq = c.seq AND e.hash = c.hash WHERE c.seq >= p_through_seq) THEN
    RAISE EXCEPTION 'audit retention needs a checkpoint at or after event %', p_through_seq;
  END IF;
  SELECT * INTO last_row FROM audit_event WHERE seq IS NOT NULL AND seq <= p_through_seq AND occurred_at < p_before ORDER BY seq DESC LIMIT 1;
  IF last_row.id IS NULL THEN RETURN 0; END IF;
  PERFORM set_config('wholepicture.audit_retention', 'on', true);
  DELETE FROM audit_event WHERE seq <= last_row.seq;
  GET DIAGNOSTICS removed = ROW_COUNT;
  PERFORM set_config('wholepicture.audit_retention', 'off', true);
  INSERT INTO audit_anchor (last_removed_id, last_removed_hash, last_removed_seq) VALUES (last_row.id, last_row.hash, last_row.seq)
    ON CONFLICT (singleton) DO UPDATE SET last_removed_id = EXCLUDED.last_removed_id,
      last_removed_hash = EXCLUDED.last_removed_hash, last_removed_seq = EXCLUDED.last_removed_seq, removed_at = now();
  RETURN removed;
END
$f$;
REVOKE ALL ON FUNCTION audit_apply_retention(timestamptz, bigint) FROM PUBLIC;

REVOKE ALL ON FUNCTION audit_seal(boolean, integer), audit_head(), audit_checkpoint_written(bigint, bigint, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_seal(boolean, integer), audit_head(), audit_checkpoint_written(bigint, bigint, text) TO wholepicture_app;
`.execute(db);
}
