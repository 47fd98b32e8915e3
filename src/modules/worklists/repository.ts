import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Tx } from '../../db/tenancy.ts';
import type { ConcernDecision, WorklistSettingTable } from './tables.ts';
import './tables.ts';

// SQL for worklist items and the partnership's worklist settings. Row-level security shows an agency
// its own items, lead-only items to its lead (and to a named owner), and the coordinator's items to
// the MARAC coordinator.

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
      'worklist_item.checklist_due_at',
      'worklist_item.for_lead',
      'worklist_item.for_coordinator',
      'worklist_item.status',
      'worklist_item.outcome',
      'worklist_item.decision',
      'worklist_item.closed_at',
      'worklist_item.created_at',
      'worklist_item.owner_user_id',
      'worklist_item.agency_id',
      'owner.display_name as owner_name',
    ]);

/** Whose list: the coordinator's items for the MARAC coordinator, the agency's own otherwise. */
export interface ListOf {
  agencyId: string;
  userId: string;
  coordinator: boolean;
}

const openOf = <Q extends ReturnType<typeof listed>>(q: Q, list: ListOf, now: Date) =>
  (list.coordinator
    ? q.where('worklist_item.for_coordinator', '=', true)
    : q.where('worklist_item.agency_id', '=', list.agencyId).where('worklist_item.for_coordinator', '=', false)
  )
    .where('worklist_item.status', '=', 'open')
    // Written when the record was (a plan's review date, an action's due date); shown once it is due.
    .where((eb) => eb.or([eb('worklist_item.shows_from', 'is', null), eb('worklist_item.shows_from', '<=', now)]));

/**
 * Open items on the list: the user's own first, then the rest, soonest due first. Two reads, each
 * walking an index in due order and stopping at `limit`: one ordering over both would sort every open
 * item on the list to show the first few.
 */
export async function openFor(tx: Tx, list: ListOf, limit: number, now = new Date()) {
  const own = await openOf(listed(tx), list, now)
    .where('worklist_item.owner_user_id', '=', list.userId)
    .orderBy('worklist_item.due_at')
    .limit(limit)
    .execute();
  if (own.length >= limit) return own;
  const others = await openOf(listed(tx), list, now)
    .where((eb) =>
      eb.or([eb('worklist_item.owner_user_id', 'is', null), eb('worklist_item.owner_user_id', '!=', list.userId)]),
    )
    .orderBy('worklist_item.due_at')
    .limit(limit - own.length)
    .execute();
  return [...own, ...others];
}

export const countOpen = async (tx: Tx, list: ListOf, now = new Date()) =>
  Number(
    (
      await openOf(listed(tx), list, now)
        .clearSelect()
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

export const findItem = (tx: Tx, id: string) => listed(tx).where('worklist_item.id', '=', id).executeTakeFirst();

export const closeItem = (tx: Tx, id: string, userId: string, outcome: string, decision: ConcernDecision | null) =>
  tx
    .updateTable('worklist_item')
    .set({ status: 'closed', outcome, decision, closed_by: userId, closed_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();

/**
 * For reporting, over the last 12 months of items on the list: how many incidents were followed by a
 * checklist and criteria by a MARAC referral, and the median and 90th-centile hours it took.
 */
export const answerTimes = async (tx: Tx, list: ListOf) => {
  const { rows } = await sql<{
    kind: string;
    raised: string;
    answered: string;
    median: number | null;
    p90: number | null;
  }>`
    SELECT kind, count(*) AS raised, count(answered_at) AS answered,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM answered_at - created_at) / 3600) AS median,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM answered_at - created_at) / 3600) AS p90
    FROM worklist_item
    WHERE kind IN ('incident-without-checklist', 'criterion-without-referral') AND NOT for_lead
      AND for_coordinator = ${list.coordinator} AND (${list.coordinator} OR agency_id = ${list.agencyId})
      AND created_at >= now() - interval '12 months'
    GROUP BY kind ORDER BY kind`.execute(tx);
  return rows.map((r) => ({ ...r, raised: Number(r.raised), answered: Number(r.answered) }));
};

// ---- settings (administrators write them; everyone in the partnership reads them) ----

export const settingsOf = (tx: Tx, partnershipId: string) =>
  tx.selectFrom('worklist_setting').selectAll().where('partnership_id', '=', partnershipId).executeTakeFirst();

type SettingValues = Pick<WorklistSettingTable, 'concern_lead_agency_id' | 'partnership_id' | 'updated_by'> & {
  police_checklist_hours: number;
  other_checklist_hours: number;
  criterion_referral_hours: number;
  concern_checklist_days: number;
  concern_decision_days: number;
  concern_lead_rule: 'most-incidents' | 'latest-incident' | 'named-agency';
};

/** Saves the settings if nobody changed them since `version` was read; false when someone did. */
export const saveSettings = async (tx: Tx, row: SettingValues, version: number | null) => {
  if (version === null) {
    const inserted = await tx
      .insertInto('worklist_setting')
      .values(row)
      .onConflict((oc) => oc.column('partnership_id').doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1;
  }
  const { partnership_id, ...changes } = row;
  const updated = await tx
    .updateTable('worklist_setting')
    .set({ ...changes, version: version + 1, updated_at: new Date() })
    .where('partnership_id', '=', partnership_id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
};

export const activeAgencies = (tx: Tx, partnershipId: string) =>
  tx
    .selectFrom('agency')
    .select(['id', 'name'])
    .where('partnership_id', '=', partnershipId)
    .where('active', '=', true)
    .orderBy('name')
    .execute();

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
