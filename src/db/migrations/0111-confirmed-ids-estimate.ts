import { sql, type Kysely } from 'kysely';

// person_confirmed_ids(person) returns the person's confirmed records: a few
// rows. Without saying so the planner takes a set-returning function for 1,000
// rows, and `incident.person_id IN (SELECT person_confirmed_ids(...))` (the
// escalation and worklist triggers, run for every incident recorded) then read
// the whole incident table instead of its person index: loading 350,000
// incidents read 5 billion rows and slowed to hundreds of people a minute.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER FUNCTION person_confirmed_ids(uuid) ROWS 4`.execute(db);
}
