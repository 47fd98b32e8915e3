import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { asActor, type Actor } from '../../db/tenancy.ts';
import * as repo from './repository.ts';

// Worklists: items are kept up to date as records change (triggers, jobs); these
// functions only read them and close one with an outcome.

export const openItems = (db: Kysely<Database>, actor: Actor, limit = 20) =>
  asActor(db, actor, async (tx) => ({
    items: await repo.openFor(tx, actor.agencyId, actor.userId, limit),
    total: await repo.countOpen(tx, actor.agencyId),
  }));

export const getItem = (db: Kysely<Database>, actor: Actor, id: string) =>
  asActor(db, actor, (tx) => repo.findItem(tx, id));

/** Closes an open item with the outcome the user records; false when it is not open or not theirs to close. */
export const closeItem = (db: Kysely<Database>, actor: Actor, id: string, outcome: string) =>
  asActor(db, actor, async (tx) => Number((await repo.closeItem(tx, id, actor.userId, outcome)).numUpdatedRows) === 1);

export { addLeadItem } from './repository.ts';
export { homeWorklist } from './home.ts';
