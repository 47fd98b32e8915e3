import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { asActor, type Actor } from '../../db/tenancy.ts';
import { CONTACT_TYPES, type ContactType } from '../people/service.ts';
import './tables.ts';

// The partnership's list: which kinds of contact are abuse incidents and which are support contacts.
// The database applies it as each incident is stored (contact_is_abuse, migration 0046).

export async function contactKinds(db: Kysely<Database>, actor: Actor) {
  return asActor(db, actor, async (tx) => {
    const { rows } = await sql<{ contact_type: string; is_abuse: boolean }>`
      SELECT t AS contact_type, contact_is_abuse(${actor.partnershipId}::uuid, t) AS is_abuse FROM unnest(${Object.keys(CONTACT_TYPES)}::text[]) AS t`.execute(
      tx,
    );
    return rows.map((r) => ({ ...r, label: CONTACT_TYPES[r.contact_type as ContactType] }));
  });
}

/** Saves the whole list in one transaction; applies to incidents recorded from now on. */
export async function saveContactKinds(db: Kysely<Database>, actor: Actor, abuse: ReadonlySet<string>): Promise<void> {
  await asActor(db, actor, async (tx) => {
    for (const type of Object.keys(CONTACT_TYPES)) {
      await tx
        .insertInto('contact_kind')
        .values({
          partnership_id: actor.partnershipId,
          contact_type: type,
          is_abuse: abuse.has(type),
          updated_by: actor.userId,
        })
        .onConflict((oc) =>
          oc
            .columns(['partnership_id', 'contact_type'])
            .doUpdateSet({ is_abuse: abuse.has(type), updated_by: actor.userId, updated_at: new Date() }),
        )
        .execute();
    }
  });
}
