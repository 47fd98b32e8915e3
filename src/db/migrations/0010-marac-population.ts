import { sql, type Kysely } from 'kysely';

// The quarterly return compares the share of victims from black and minority ethnic groups with
// the area's own population, so the partnership records that share beside the number of adult women.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
ALTER TABLE marac_area ADD COLUMN bme_population_percent numeric(4,1) CHECK (bme_population_percent BETWEEN 0 AND 100);
GRANT UPDATE (bme_population_percent) ON marac_area TO wholepicture_app;
`.execute(db);
}
