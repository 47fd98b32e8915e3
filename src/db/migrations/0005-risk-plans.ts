import { sql, type Kysely } from 'kysely';

// After the checklist: who is in the household (with each child's risk
// matrix), what was done about each next step, and the risk management and
// safety plans. Also each partnership's configured minimum response.
//
// Nothing here is ever silently overwritten: step outcomes, child ratings and
// plans are insert-only, the latest row being the current one and earlier
// rows the history. Only a draft's household list may be corrected (deleted
// from) by the agency writing the checklist.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
-- The next steps shown at completion, kept so a later change of the
-- partnership's configuration never changes an old checklist's steps.
ALTER TABLE assessment ADD COLUMN next_steps jsonb;
GRANT UPDATE (next_steps) ON assessment TO wholepicture_app;

CREATE TABLE tiered_response_config (
  partnership_id uuid PRIMARY KEY REFERENCES partnership(id),
  config jsonb NOT NULL,
  version integer NOT NULL DEFAULT 1,
  updated_by uuid NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE household_member (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partnership_id uuid NOT NULL REFERENCES partnership(id),
  agency_id uuid NOT NULL,
  assessment_id uuid NOT NULL REFERENCES assessment(id),
  relationship text NOT NULL CHECK (relationship IN ('perpetrator','child','other')),
  given_name text NOT NULL CHECK (length(given_name) BETWEEN 1 AND 100),
  family_name text CHECK (length(family_name) BETWEEN 1 AND 100),
  date_of_birth date CHECK (date_of_birth > '1900-01-01'),
  description text CHECK (length(description) <= 200),
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (agency_id, partnership_id) REFERENCES agency(id, partnership_id),
  CHECK (relationship <> 'child' OR date_of_birth IS NOT NULL),
  CHECK (relationship <> 'perpetrator' OR family_name IS NOT NULL)
);
CREATE INDEX household_member_assessment ON household_member (assessment_id, created_at);

CREATE TABLE child_risk_rating (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partnership_id uuid NOT NULL REFERENCES partnership(id),
  agency_id uuid NOT NULL,
  assessment_id uuid NOT NULL REFERENCES assessment(id),
  household_member_id uuid NOT NULL REFERENCES household_member(id),
  instrument_id text NOT NULL,
  instrument_version text NOT NULL,
  ratings jsonb NOT NULL,
  judgement_rating text CHECK (judgement_rating IN ('low','medium','high','severe')),
  judgement_reason text CHECK (length(judgement_reason) <= 4000),
  overall text NOT NULL CHECK (overall IN ('low','medium','high','severe')),
  reasons jsonb NOT NULL,
  rated_by uuid NOT NULL,
  rated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (agency_id, partnership_id) REFERENCES agency(id, partnership_id)
);
CREATE INDEX child_risk_rating_member ON child_risk_rating (household_member_id, rated_at);

CREATE TABLE step_outcome (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partnership_id uuid NOT NULL REFERENCES partnership(id),
  agency_id uuid NOT NULL,
  assessment_id uuid NOT NULL REFERENCES assessment(id),
  step_id text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('done','declined','not-applicable')),
  reason text CHECK (length(reason) <= 4000),
  recorded_by uuid NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (agency_id, partnership_id) REFERENCES agency(id, partnership_id),
  CHECK (outcome <> 'declined' OR reason ~ '\\S')
);
CREATE INDEX step_outcome_assessment ON step_outcome (assessment_id, recorded_at);

CREATE TABLE risk_plan (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partnership_id uuid NOT NULL REFERENCES partnership(id),
  agency_id uuid NOT NULL,
  assessment_id uuid NOT NULL REFERENCES assessment(id),
  kind text NOT NULL CHECK (kind IN ('risk-management','safety')),
  version integer NOT NULL CHECK (version >= 1),
  plan jsonb NOT NULL,
  agreed_on date NOT NULL,
  review_on date NOT NULL,
  owner_agency text NOT NULL CHECK (length(owner_agency) BETWEEN 1 AND 200),
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (agency_id, partnership_id) REFERENCES agency(id, partnership_id),
  UNIQUE (assessment_id, kind, version),
  CHECK (review_on >= agreed_on)
);
`.execute(db);

  for (const table of [
    'tiered_response_config',
    'household_member',
    'child_risk_rating',
    'step_outcome',
    'risk_plan',
  ]) {
    const t = sql.table(table);
    await sql`ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`ALTER TABLE ${t} FORCE ROW LEVEL SECURITY`.execute(db);
    await sql`CREATE POLICY owner_all ON ${t} TO CURRENT_USER USING (true) WITH CHECK (true)`.execute(db);
    await sql`CREATE POLICY partnership_read ON ${t} FOR SELECT TO wholepicture_app USING (partnership_id = current_partnership_id())`.execute(
      db,
    );
  }
  await sql`
-- Only the partnership's administrators configure its minimum response.
CREATE POLICY admin_insert ON tiered_response_config FOR INSERT TO wholepicture_app
  WITH CHECK (partnership_id = current_partnership_id() AND current_app_role() = 'administrator' AND updated_by = current_app_user_id());
CREATE POLICY admin_update ON tiered_response_config FOR UPDATE TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND current_app_role() = 'administrator')
  WITH CHECK (partnership_id = current_partnership_id() AND updated_by = current_app_user_id());

-- The rest is written only by the agency that wrote the checklist, as itself.
CREATE FUNCTION assessment_of_own_agency(p_assessment uuid) RETURNS boolean LANGUAGE sql STABLE AS $f$
  SELECT EXISTS (SELECT 1 FROM assessment a WHERE a.id = p_assessment AND a.agency_id = current_agency_id() AND a.partnership_id = current_partnership_id())
$f$;
CREATE FUNCTION draft_of_own_agency(p_assessment uuid) RETURNS boolean LANGUAGE sql STABLE AS $f$
  SELECT EXISTS (SELECT 1 FROM assessment a WHERE a.id = p_assessment AND a.agency_id = current_agency_id()
    AND a.partnership_id = current_partnership_id() AND a.status = 'draft')
$f$;

CREATE POLICY own_draft_insert ON household_member FOR INSERT TO wholepicture_app
  WITH CHECK (partnership_id = current_partnership_id() AND agency_id = current_agency_id() AND created_by = current_app_user_id()
    AND draft_of_own_agency(assessment_id));
-- Correcting a mistake while the checklist is still a draft; never after completion.
CREATE POLICY own_draft_delete ON household_member FOR DELETE TO wholepicture_app
  USING (partnership_id = current_partnership_id() AND agency_id = current_agency_id() AND draft_of_own_agency(assessment_id));
CREATE POLICY own_agency_insert ON child_risk_rating FOR INSERT TO wholepicture_app
  WITH CHECK (partnership_id = current_partnership_id() AND agency_id = current_agency_id() AND rated_by = current_app_user_id()
    AND assessment_of_own_agency(assessment_id));
CREATE POLICY own_agency_insert ON step_outcome FOR INSERT TO wholepicture_app
  WITH CHECK (partnership_id = current_partnership_id() AND agency_id = current_agency_id() AND recorded_by = current_app_user_id()
    AND assessment_of_own_agency(assessment_id));
CREATE POLICY own_agency_insert ON risk_plan FOR INSERT TO wholepicture_app
  WITH CHECK (partnership_id = current_partnership_id() AND agency_id = current_agency_id() AND created_by = current_app_user_id()
    AND assessment_of_own_agency(assessment_id));

GRANT SELECT, INSERT, UPDATE (config, version, updated_by, updated_at) ON tiered_response_config TO wholepicture_app;
GRANT SELECT, INSERT, DELETE ON household_member TO wholepicture_app;
GRANT SELECT, INSERT ON child_risk_rating, step_outcome, risk_plan TO wholepicture_app;
`.execute(db);
}
