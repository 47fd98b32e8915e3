import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { asActor, type Actor } from '../../db/tenancy.ts';
import { CONTACT_TYPES, type ContactType } from '../people/service.ts';
import * as repo from './repository.ts';

// The partnership's list: which kinds of contact are abuse incidents and which are support contacts.
// The database applies it as each incident is stored (contact_is_abuse, migration 0046).

export async function contactKinds(db: Kysely<Database>, actor: Actor) {
  return asActor(db, actor, async (tx) =>
    (await repo.contactKindsOf(tx, actor.partnershipId, Object.keys(CONTACT_TYPES))).map((r) => ({
      ...r,
      label: CONTACT_TYPES[r.contact_type as ContactType],
    })),
  );
}

/** Saves the whole list in one transaction; applies to incidents recorded from now on. */
export async function saveContactKinds(db: Kysely<Database>, actor: Actor, abuse: ReadonlySet<string>): Promise<void> {
  await asActor(db, actor, async (tx) => {
    for (const type of Object.keys(CONTACT_TYPES))
      await repo.saveContactKind(tx, {
        partnership_id: actor.partnershipId,
        contact_type: type,
        is_abuse: abuse.has(type),
        updated_by: actor.userId,
      });
  });
}
