import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Tx } from '../../db/tenancy.ts';
import './tables.ts';

// SQL for worklist items. Row-level security shows an agency its own items, and
// lead-only items to its lead (and to a named owner).

const listed = (tx: Tx) =>
  tx
    .selectFrom('worklist_item')
    .leftJoin('app_user as owner', 'owner.id', 'worklist_item.owner_user_id')
    .select([
      'worklist_item.id',
      'worklist_item.kind',
      'worklist_item.subject_type',
      'worklist_item.subject_id',
      'worklist_item.person_id',
      'worklist_item.due_at',
      'worklist_item.for_lead',
      'worklist_item.status',
      'worklist_item.outcome',
      'worklist_item.closed_at',
      'worklist_item.created_at',
      'worklist_item.owner_user_id',
      'worklist_item.agency_id',
      'owner.display_name as owner_name',
    ]);

/**
 * Open items the actor sees: their own first, then the agency's (and the lead's), soonest due first.
 * Two reads, each walking an index in due order and stopping at `limit`: one ordering over both would
 * sort every open item of the agency to show the first few.
 */
export async function openFor(tx: Tx, agencyId: string, userId: string, limit: number) {
  const open = listed(tx).where('worklist_item.agency_id', '=', agencyId).where('worklist_item.status', '=', 'open');
  const own = await open
    .where('worklist_item.owner_user_id', '=', userId)
    .orderBy('worklist_item.due_at')
    .limit(limit)
    .execute();
  if (own.length >= limit) return own;
  const others = await open
    .where((eb) =>
      eb.or([eb('worklist_item.owner_user_id', 'is', null), eb('worklist_item.owner_user_id', '!=', userId)]),
    )
    .orderBy('worklist_item.due_at')
    .limit(limit - own.length)
    .execute();
  return [...own, ...others];
}

export const countOpen = async (tx: Tx, agencyId: string) =>
  Number(
    (
      await tx
        .selectFrom('worklist_item')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('agency_id', '=', agencyId)
        .where('status', '=', 'open')
        .executeTakeFirstOrThrow()
    ).n,
  );

export const findItem = (tx: Tx, id: string) => listed(tx).where('worklist_item.id', '=', id).executeTakeFirst();

export const closeItem = (tx: Tx, id: string, userId: string, outcome: string) =>
  tx
    .updateTable('worklist_item')
    .set({ status: 'closed', outcome, closed_by: userId, closed_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();

/** As the owner (the referral escalation job): an item on the receiving agency lead's list. */
export const addLeadItem = (
  owner: Kysely<Database>,
  row: {
    partnership_id: string;
    agency_id: string;
    kind: 'referral-not-picked-up';
    subject_type: 'referral';
    subject_id: string;
    person_id: string | null;
    due_at: Date;
  },
) =>
  owner
    .insertInto('worklist_item')
    .values({ ...row, for_lead: true })
    .onConflict((oc) => oc.doNothing())
    .execute();
