import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { asActor, type Actor } from '../../db/tenancy.ts';
import * as repo from './repository.ts';

// Handover: a worker's open work (allocated referrals, worklist items) moved to a colleague in the
// same agency with a note, by the worker, their agency's lead or the administrator. MARAC cases and
// actions belong to the agency and stay with it.

type Db = Kysely<Database>;
export interface OpenWork {
  referrals: number;
  worklistItems: number;
  total: number;
}
export type Outcome = { ok: true; id: string } | { ok: false; problem: { field: string; text: string } };

/** What the user still owns; undefined when the actor may not hand over their work. */
export const openWorkOf = (db: Db, actor: Actor, userId: string): Promise<OpenWork | undefined> =>
  asActor(db, actor, async (tx) => {
    const row = await repo.openWork(tx, userId);
    if (!row) return undefined;
    const referrals = Number(row.referrals);
    const worklistItems = Number(row.worklist_items);
    return { referrals, worklistItems, total: referrals + worklistItems };
  });

export const handoverPage = (db: Db, actor: Actor, userId: string) =>
  asActor(db, actor, async (tx) => {
    const row = await repo.openWork(tx, userId);
    if (!row) return undefined;
    const referrals = Number(row.referrals);
    const worklistItems = Number(row.worklist_items);
    return {
      open: { referrals, worklistItems, total: referrals + worklistItems },
      colleagues: await repo.colleagues(tx, userId),
      past: await repo.handoversOf(tx, userId),
    };
  });

export async function handOver(db: Db, actor: Actor, from: string, to: string, note: string): Promise<Outcome> {
  return asActor(db, actor, async (tx) => {
    const id = await repo.handOver(tx, from, to, note);
    if (!id) return { ok: false, problem: { field: 'toUserId', text: 'handover.form.same-agency' } };
    return { ok: true, id };
  });
}
