import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { asActor, type Actor } from '../../db/tenancy.ts';
import { homeWorklist } from '../worklists/service.ts';
import * as repo from './repository.ts';
import { TASKS_BY_ROLE } from './tasks.ts';

/** What the home page shows a user: where they work, what their role most often comes to do, their worklist. */
export async function homePage(db: Kysely<Database>, actor: Actor) {
  const place = await asActor(db, actor, (tx) => repo.placeOf(tx, actor.agencyId));
  return { place, tasks: TASKS_BY_ROLE[actor.role], worklist: await homeWorklist(db, actor) };
}
