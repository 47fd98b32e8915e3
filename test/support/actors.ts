import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import type { Actor } from '../../src/db/tenancy.ts';

/** The actor a user acts as, looked up by e-mail through the owner connection (tests and benchmarks only). */
export async function actorByEmail(owner: Kysely<Database>, email: string): Promise<Actor> {
  const u = await owner
    .selectFrom('app_user')
    .select(['id', 'partnership_id', 'agency_id', 'role', 'display_name'])
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return {
    userId: u.id,
    partnershipId: u.partnership_id,
    agencyId: u.agency_id,
    role: u.role,
    displayName: u.display_name,
  };
}

/**
 * A second administrator beside an existing one, written directly as the database owner: the app cannot
 * make one alone. Returns the new user's id.
 */
export async function addAdministrator(
  owner: Kysely<Database>,
  beside: Actor,
  email: string,
  displayName: string,
): Promise<string> {
  const row = await owner
    .insertInto('app_user')
    .values({
      partnership_id: beside.partnershipId,
      agency_id: beside.agencyId,
      email,
      display_name: displayName,
      role: 'administrator',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
