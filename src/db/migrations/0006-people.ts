import { sql, type Kysely } from 'kysely';

// People, incidents and one chronology across agencies. Extends the
// minimal person and incident tables of 0003 (forward-only ALTERs) with each
// agency's source record: other names, sex, addresses with dates, identifiers,
// the source system's id (unique per agency, so imports are idempotent), the
// people involved in an incident and their roles, relationships, and links
// between records that practitioners confirm. Source rows are never updated
// by matching: a link is a row of its own, reversible.
//
// NOT here (the access model): restricted safe/new addresses,
// phone numbers, refuge locations and the restricted incident narrative.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;

ALTER TABLE person
  ADD COLUMN source_id text CHECK (length(source_id) BETWEEN 1 AND 100),
  ADD COLUMN middle_names text CHECK (length(middle_names) <= 100),
  ADD COLUMN sex text CHECK (sex IN ('female','male','other','unknown')),
  ADD COLUMN nhs_number text CHECK (nhs_number ~ '^[0-9]{10}$'),
  ADD COLUMN pnc_id text CHECK (length(pnc_id) BETWEEN 4 AND 20);
CREATE UNIQUE INDEX person_source ON person (agency_id, source_id) WHERE source_id IS NOT NULL;
CREATE INDEX person_dob ON person (partnership_id, date_of_birth);
CREATE INDEX person_family_sound ON person (partnership_id, soundex(family_name));
CREATE INDEX person_nhs ON person (partnership_id, nhs_number) WHERE nhs_number IS NOT NULL;
CREATE INDEX person_pnc ON person (partnership_id, pnc_id) WHERE pnc_id IS NOT NULL;
CREATE INDEX person_name_trgm ON person USING gin ((lower(given_name || ' ' || family_name)) gin_trgm_ops);

CREATE TABLE person_alias (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partnership_id uuid NOT NULL REFERENCES partnership(id),
  agency_id uuid NOT NULL,
  person_id uuid NOT NULL REFERENCES person(id),
  given_name text NOT NULL CHECK (length(given_name) BETWEEN 1 AND 100),
  family_name text NOT NULL CHECK (length(family_name) BETWEEN 1 AND 100),
  kind text NOT NULL DEFAULT 'alias' CHECK (kind IN ('alias','previous-name','maiden-name','other')),
  FOREIGN KEY (agency_id, partnership_id) REFERENCES agency(id, partnership_id)
);
CREATE INDEX person_alias_person ON person_alias (person_id);
CREATE INDEX person_alias_sound ON person_alias (partnership_id, soundex(family_name));
CREATE INDEX person_alias_trgm ON person_alias USING gin ((lower(given_name || ' ' || family_name)) gin_trgm_ops);

-- Ordinary (non-restricted) addresses an agency holds, with dates.
CREATE TABLE person_address (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partnership_id uuid NOT NULL REFERENCES partnership(id),
  agency_id uuid NOT NULL,
  person_id uuid NOT NULL REFERENCES person(id),
  line text CHECK (length(line) <= 200),
  town text CHECK (length(town) <= 80),
  postcode text CHECK (postcode ~ '^[A-Z0-9]{5,7}$'),
  from_date date,
  to_date date,
  CHECK (to_date IS NULL OR from_date IS NULL OR to_date >= from_date),
  FOREIGN KEY (agency_id, partnership_id) REFERENCES agency(id, partnership_id)
);
CREATE INDEX person_address_person ON person_address (person_id);
CREATE INDEX person_address_postcode ON person_address (partnership_id, postcode);

ALTER TABLE incident
  ADD COLUMN source_id text CHECK (length(source_id) BETWEEN 1 AND 100),
  ADD COLUMN contact_type text,
  ADD COLUMN summary text CHECK (length(summary) <= 300);
CREATE UNIQUE INDEX incident_source ON incident (agency_id, source_id) WHERE source_id IS NOT NULL;

CREATE TABLE incident_involvement (
  incident_id uuid NOT NULL REFERENCES incident(id),
  person_id uuid NOT NULL REFERENCES person(id),
  partnership_id uuid NOT NULL REFERENCES partnership(id),
  agency_id uuid NOT NULL,
  role text NOT NULL CHECK (role IN ('victim','perpetrator','child','witness','other')),
  PRIMARY KEY (incident_id, person_id, role),
  FOREIGN KEY (agency_id, partnership_id) REFERENCES agency(id, partnership_id)
);
CREATE INDEX incident_involvement_person ON incident_involvement (person_id);

CREATE TABLE relationship (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partnership_id uuid NOT NULL REFERENCES partnership(id),
  agency_id uuid NOT NULL,
  person_id uuid NOT NULL REFERENCES person(id),
  related_person_id uuid NOT NULL REFERENCES person(id),
  -- Read as: related_person is the person's <kind> (kind = 'child': related_person is person's child).
  kind text NOT NULL CHECK (kind IN ('partner','ex-partner','parent','child','household-member')),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (person_id <> related_person_id),
  UNIQUE (agency_id, person_id, related_person_id, kind),
  FOREIGN KEY (agency_id, partnership_id) REFERENCES agency(id, partnership_id)
);
CREATE INDEX relationship_person ON relationship (person_id);
CREATE INDEX relationship_related ON relationship (related_person_id);

-- A link between two source records of (probably) one person. Never merges or
-- changes the records; undone by setting status 'unlinked'. Every decision is
-- also an audit event.
CREATE TABLE person_link (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partnership_id uuid NOT NULL REFERENCES partnership(id),
  person_a uuid NOT NULL REFERENCES person(id),
  person_b uuid NOT NULL REFERENCES person(id),
  probability double precision NOT NULL CHECK (probability BETWEEN 0 AND 1),
  weight double precision NOT NULL,
  status text NOT NULL CHECK (status IN ('suggested','review','confirmed','rejected','unlinked')),
  created_at timestamptz NOT NULL DEFAULT now(),
  decided_by uuid,
  decided_agency_id uuid,
  decided_at timestamptz,
  CHECK (person_a < person_b),
  UNIQUE (person_a, person_b)
);
CREATE INDEX person_link_b ON person_link (person_b);
CREATE INDEX person_link_status ON person_link (partnership_id, status);
`.execute(db);

  for (const table of ['person_alias', 'person_address', 'incident_involvement', 'relationship', 'person_link']) {
    const t = sql.table(table);
    await sql`ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`ALTER TABLE ${t} FORCE ROW LEVEL SECURITY`.execute(db);
    await sql`CREATE POLICY owner_all ON ${t} TO CURRENT_USER USING (true) WITH CHECK (true)`.execute(db);
    await sql`CREATE POLICY partnership_read ON ${t} FOR SELECT TO wholepicture_app USING (partnership_id = current_partnership_id())`.execute(
      db,
    );
  }
  for (const table of ['person_alias', 'person_address', 'incident_involvement', 'relationship']) {
    await sql`CREATE POLICY own_agency_insert ON ${sql.table(table)} FOR INSERT TO wholepicture_app
      WITH CHECK (partnership_id = current_partnership_id() AND agency_id = current_agency_id())`.execute(db);
  }
  await sql`
-- Links are the partnership's: any agency's practitioner may suggest (by creating
-- a record) and confirm, reject or undo a link between two records of the partnership.
CREATE POLICY partnership_insert ON person_link FOR INSERT TO wholepicture_app
  WITH CHECK (partnership_id = current_partnership_id() AND current_app_role() <> 'administrator');
CREATE POLICY partnership_decide ON person_link FOR UPDATE TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND current_app_role() <> 'administrator')
  WITH CHECK (partnership_id = current_partnership_id() AND decided_by = current_app_user_id() AND decided_agency_id = current_agency_id());
GRANT SELECT, INSERT ON person_alias, person_address, incident_involvement, relationship, person_link TO wholepicture_app;
GRANT UPDATE (status, decided_by, decided_agency_id, decided_at) ON person_link TO wholepicture_app;

-- Fuzzy look-ups. Under row-level security PostgreSQL may not use an index for a
-- non-leakproof operator (pg_trgm's %, soundex()) before the policy's filter, so
-- these would scan every row. These functions run as the owner, filter on the
-- caller's partnership themselves, and return ids only; the caller then reads the
-- rows through RLS as usual.
CREATE FUNCTION person_name_matches(q text)
RETURNS TABLE (person_id uuid, score real)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public SET pg_trgm.similarity_threshold = 0.45 AS $f$
  SELECT id, similarity(lower(given_name || ' ' || family_name), lower(q)) FROM person
    WHERE partnership_id = current_partnership_id() AND lower(given_name || ' ' || family_name) % lower(q)
  UNION ALL
  SELECT id, 0.3::real FROM person
    WHERE partnership_id = current_partnership_id() AND soundex(family_name) = soundex(split_part(lower(q), ' ', array_length(string_to_array(lower(q), ' '), 1)))
      AND (position(' ' in q) = 0 OR left(lower(given_name), 1) = left(lower(q), 1))
  UNION ALL
  SELECT person_id, similarity(lower(given_name || ' ' || family_name), lower(q)) FROM person_alias
    WHERE partnership_id = current_partnership_id() AND lower(given_name || ' ' || family_name) % lower(q)
$f$;

-- Blocking for record matching: records of the caller's partnership that could be
-- the same person as p_person (see repository.candidatesFor).
CREATE FUNCTION person_match_candidates(p_person uuid, p_limit integer)
RETURNS TABLE (person_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $f$
  WITH me AS (
    SELECT id, family_name, date_of_birth, nhs_number, pnc_id,
      CASE WHEN extract(day FROM date_of_birth) <= 12 THEN make_date(extract(year FROM date_of_birth)::int, extract(day FROM date_of_birth)::int, extract(month FROM date_of_birth)::int) ELSE date_of_birth END AS swapped
    FROM person WHERE id = p_person AND partnership_id = current_partnership_id()
  ), c AS (
    SELECT p.id FROM person p, me WHERE p.partnership_id = current_partnership_id() AND p.date_of_birth IN (me.date_of_birth, me.swapped)
    UNION SELECT p.id FROM person p, me WHERE p.partnership_id = current_partnership_id() AND soundex(p.family_name) = soundex(me.family_name)
      AND p.date_of_birth BETWEEN me.date_of_birth - 400 AND me.date_of_birth + 400
    UNION SELECT a.person_id FROM person_alias a, me WHERE a.partnership_id = current_partnership_id() AND soundex(a.family_name) = soundex(me.family_name)
    UNION SELECT p.id FROM person p WHERE p.partnership_id = current_partnership_id() AND soundex(p.family_name) IN (
      SELECT soundex(a.family_name) FROM person_alias a WHERE a.person_id = p_person)
    UNION SELECT p.id FROM person p, me WHERE p.partnership_id = current_partnership_id() AND p.nhs_number = me.nhs_number
    UNION SELECT p.id FROM person p, me WHERE p.partnership_id = current_partnership_id() AND p.pnc_id = me.pnc_id
  )
  SELECT c.id FROM c WHERE c.id <> p_person LIMIT p_limit
$f$;
REVOKE ALL ON FUNCTION person_name_matches(text), person_match_candidates(uuid, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION person_name_matches(text), person_match_candidates(uuid, integer) TO wholepicture_app;
`.execute(db);
}
