import { sql } from 'kysely';
import type { Tx } from '../../db/tenancy.ts';
import './tables.ts';

// SQL for handovers. Who may hand over, and what moves, are the database functions of migration 0067:
// they return nothing for a caller who may not.

export const openWork = async (tx: Tx, userId: string) =>
  (await sql<{ referrals: string; worklist_items: string }>`SELECT * FROM open_work_of(${userId}::uuid)`.execute(tx))
    .rows[0];

export const colleagues = async (tx: Tx, userId: string) =>
  (
    await sql<{
      id: string;
      display_name: string;
      role: string;
    }>`SELECT * FROM handover_colleagues(${userId}::uuid)`.execute(tx)
  ).rows;

export const handOver = async (tx: Tx, from: string, to: string, note: string) =>
  (await sql<{ id: string | null }>`SELECT hand_over(${from}::uuid, ${to}::uuid, ${note}) AS id`.execute(tx)).rows[0]
    ?.id ?? null;

export const handoversOf = (tx: Tx, userId: string) =>
  tx
    .selectFrom('handover')
    .leftJoin('app_user as to_user', 'to_user.id', 'handover.to_user_id')
    .select([
      'handover.id',
      'handover.made_at',
      'handover.note',
      'handover.referrals',
      'handover.worklist_items',
      'to_user.display_name as to_name',
    ])
    .where('handover.from_user_id', '=', userId)
    .orderBy('handover.made_at', 'desc')
    .execute();
