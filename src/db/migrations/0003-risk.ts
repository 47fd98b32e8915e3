import { sql, type Kysely } from 'kysely';

// Risk identification: each agency's record of a victim, incidents known to
// any agency, checklists, and referrals to MARAC. Every row belongs to the
// agency that created it and to one partnership. Within a partnership these
// rows are readable for now (signpost-level sharing); the access model narrows reads
// to need-to-know levels.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
ALTER TABLE partnership ADD COLUMN escalation_incident_threshold integer NOT NULL DEFAULT 3 CHECK (escalation_incident_threshold BETWEEN 1 AND 50);
GRANT SELECT (escalation_incident_threshold) ON partnership TO wholepicture_app;
GRANT UPDATE (escalation_incident_threshold) ON partnership TO wholepicture_app;

CREATE TABLE person (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partnership_id uuid NOT NULL REFERENCES partnership(id),
  agency_id uuid NOT NULL,
  given_name text NOT NULL CHECK (length(given_name) BETWEEN 1 AND 100),
  family_name text NOT NULL CHECK (length(family_name) BETWEEN 1 AND 100),
  date_of_birth date NOT NULL CHECK (date_of_birth > '1900-01-01'),
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (agency_id, partnership_id) REFERENCES agency(id, partnership_id)
);
CREATE INDEX person_lookup ON person (partnership_id, lower(family_name), date_of_birth);

CREATE TABLE incident (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partnership_id uuid NOT NULL REFERENCES partnership(id),
  agency_id uuid NOT NULL,
  person_id uuid NOT NULL REFERENCES person(id),
  occurred_on date NOT NULL,
  kind text NOT NULL CHECK (length(kind) BETWEEN 2 AND 80),
  severity text NOT NULL CHECK (severity IN ('low','medium','high','severe')),
  police_recorded boolean NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (agency_id, partnership_id) REFERENCES agency(id, partnership_id)
);
CREATE INDEX incident_person ON incident (person_id, occurred_on);

CREATE TABLE assessment (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partnership_id uuid NOT NULL REFERENCES partnership(id),
  agency_id uuid NOT NULL,
  person_id uuid NOT NULL REFERENCES person(id),
  instrument_id text NOT NULL,
  instrument_version text NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','completed')),
  answers jsonb NOT NULL DEFAULT '[]',
  victim_view text CHECK (length(victim_view) <= 4000),
  judgement_level text CHECK (judgement_level IN ('standard','medium','high')),
  judgement_reason text CHECK (length(judgement_reason) <= 4000),
  consent_to_share text CHECK (consent_to_share IN ('given','refused','not-asked')),
  children_in_household integer CHECK (children_in_household BETWEEN 0 AND 30),
  score integer,
  level_by_score text CHECK (level_by_score IN ('standard','medium','high')),
  level text CHECK (level IN ('standard','medium','high')),
  level_reasons jsonb,
  factors_present jsonb,
  criteria_met jsonb,
  version integer NOT NULL DEFAULT 1,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  completed_on date,
  FOREIGN KEY (agency_id, partnership_id) REFERENCES agency(id, partnership_id),
  CHECK (status = 'draft' OR (score IS NOT NULL AND level IS NOT NULL AND completed_on IS NOT NULL))
);
CREATE INDEX assessment_person ON assessment (person_id, completed_on);

CREATE TABLE marac_referral (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partnership_id uuid NOT NULL REFERENCES partnership(id),
  referring_agency_id uuid NOT NULL,
  person_id uuid NOT NULL REFERENCES person(id),
  assessment_id uuid REFERENCES assessment(id),
  criteria_met jsonb NOT NULL,
  reason text CHECK (length(reason) <= 4000),
  status text NOT NULL DEFAULT 'awaiting-coordinator' CHECK (status IN ('awaiting-coordinator','accepted','declined')),
  referred_by uuid NOT NULL,
  referred_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (referring_agency_id, partnership_id) REFERENCES agency(id, partnership_id),
  UNIQUE (assessment_id)
);

CREATE TABLE last_marac (
  person_id uuid PRIMARY KEY REFERENCES person(id),
  partnership_id uuid NOT NULL REFERENCES partnership(id),
  discussed_on date NOT NULL
);
`.execute(db);

  for (const table of ['person', 'incident', 'assessment', 'marac_referral', 'last_marac']) {
    const t = sql.table(table);
    await sql`ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`ALTER TABLE ${t} FORCE ROW LEVEL SECURITY`.execute(db);
    await sql`CREATE POLICY owner_all ON ${t} TO CURRENT_USER USING (true) WITH CHECK (true)`.execute(db);
    await sql`CREATE POLICY partnership_read ON ${t} FOR SELECT TO wholepicture_app USING (partnership_id = current_partnership_id())`.execute(
      db,
    );
  }
  // Writes: only as your own agency, in your own partnership.
  await sql`
CREATE POLICY own_agency_insert ON person FOR INSERT TO wholepicture_app
  WITH CHECK (partnership_id = current_partnership_id() AND agency_id = current_agency_id() AND created_by = current_app_user_id());
CREATE POLICY own_agency_insert ON incident FOR INSERT TO wholepicture_app
  WITH CHECK (partnership_id = current_partnership_id() AND agency_id = current_agency_id());
CREATE POLICY own_agency_insert ON assessment FOR INSERT TO wholepicture_app
  WITH CHECK (partnership_id = current_partnership_id() AND agency_id = current_agency_id() AND created_by = current_app_user_id());
-- A checklist is edited only by its own agency, and only while it is a draft.
CREATE POLICY own_agency_draft_update ON assessment FOR UPDATE TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND agency_id = current_agency_id() AND status = 'draft')
  WITH CHECK (partnership_id = current_partnership_id() AND agency_id = current_agency_id());
CREATE POLICY own_agency_insert ON marac_referral FOR INSERT TO wholepicture_app
  WITH CHECK (partnership_id = current_partnership_id() AND referring_agency_id = current_agency_id() AND referred_by = current_app_user_id());

GRANT SELECT, INSERT ON person, incident, assessment, marac_referral TO wholepicture_app;
GRANT UPDATE (answers, victim_view, judgement_level, judgement_reason, consent_to_share, children_in_household, score,
  level_by_score, level, level_reasons, factors_present, criteria_met, status, completed_on, version) ON assessment TO wholepicture_app;
GRANT SELECT ON last_marac TO wholepicture_app;
`.execute(db);
}
