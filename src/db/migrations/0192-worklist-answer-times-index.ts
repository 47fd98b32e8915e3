import { sql, type Kysely } from 'kysely';

// The worklist page shows, for the last 12 months, how soon incidents were followed by a
// checklist and criteria by a referral. At national scale an agency raised twenty thousand
// of those items in a year, and reading them from the heap took 30–110 ms a page view on the
// `national` seed. With the columns the figures and the list's row-level security read carried
// in the index, they come from the index alone (about 10 ms, the same rows).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE INDEX IF NOT EXISTS worklist_answer_times ON worklist_item (agency_id, partnership_id, kind, created_at)
  INCLUDE (answered_at, for_coordinator, for_lead, owner_user_id)
  WHERE NOT for_lead AND kind IN ('incident-without-checklist', 'criterion-without-referral')`.execute(db);
}
