import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Actor } from '../../db/tenancy.ts';
import { kindLabels } from './labels.ts';
import { openItems, ownsWork } from './service.ts';

/** What the home page's worklist partial needs, for those who own work (null for other roles). */
export async function homeWorklist(db: Kysely<Database>, actor: Actor) {
  if (!ownsWork(actor)) return null;
  return { ...(await openItems(db, actor, 10)), kinds: kindLabels(), now: new Date() };
}
