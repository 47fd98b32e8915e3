import { sql } from 'kysely';
import type { Tx } from '../../../db/tenancy.ts';
import '../tables.ts';

// Administrators manage teams within their partnership; row-level security (0016) refuses anything else.
// The designated safeguarding reviewer is written only by a second administrator's approval (0140).

export const agencies = (tx: Tx) =>
  tx.selectFrom('agency').select(['id', 'name']).where('active', '=', true).orderBy('name').execute();

export const teams = (tx: Tx) =>
  tx
    .selectFrom('team')
    .innerJoin('agency', 'agency.id', 'team.agency_id')
    .select([
      'team.id',
      'team.name',
      'team.agency_id',
      'agency.name as agency_name',
      (eb) =>
        eb
          .selectFrom('team_member')
          .select(sql<string>`count(*)`.as('n'))
          .whereRef('team_member.team_id', '=', 'team.id')
          .as('members'),
    ])
    .orderBy('agency.name')
    .orderBy('team.name')
    .execute();

export const team = (tx: Tx, id: string) =>
  tx
    .selectFrom('team')
    .innerJoin('agency', 'agency.id', 'team.agency_id')
    .select(['team.id', 'team.name', 'team.agency_id', 'team.partnership_id', 'agency.name as agency_name'])
    .where('team.id', '=', id)
    .executeTakeFirst();

export const insertTeam = (tx: Tx, row: { partnership_id: string; agency_id: string; name: string }) =>
  tx
    .insertInto('team')
    .values(row)
    .onConflict((oc) => oc.columns(['agency_id', 'name']).doNothing())
    .returning('id')
    .executeTakeFirst();

export const members = (tx: Tx, teamId: string) =>
  tx
    .selectFrom('team_member')
    .innerJoin('app_user', 'app_user.id', 'team_member.user_id')
    .select(['app_user.id', 'app_user.display_name', 'app_user.role'])
    .where('team_member.team_id', '=', teamId)
    .orderBy('app_user.display_name')
    .execute();

export const usersOfAgency = (tx: Tx, agencyId: string) =>
  tx
    .selectFrom('app_user')
    .select(['id', 'display_name', 'role'])
    .where('agency_id', '=', agencyId)
    .where('active', '=', true)
    .orderBy('display_name')
    .execute();

export const addMember = (
  tx: Tx,
  row: { team_id: string; user_id: string; partnership_id: string; agency_id: string },
) =>
  tx
    .insertInto('team_member')
    .values(row)
    .onConflict((oc) => oc.columns(['team_id', 'user_id']).doNothing())
    .execute();

export const removeMember = (tx: Tx, teamId: string, userId: string) =>
  tx.deleteFrom('team_member').where('team_id', '=', teamId).where('user_id', '=', userId).executeTakeFirst();

export const caseworkers = (tx: Tx) =>
  tx
    .selectFrom('app_user')
    .innerJoin('agency', 'agency.id', 'app_user.agency_id')
    .select(['app_user.id', 'app_user.display_name', 'agency.name as agency_name'])
    .where('app_user.active', '=', true)
    .where('app_user.role', 'in', ['practitioner', 'agency-lead', 'marac-coordinator', 'marac-chair'])
    .orderBy('agency.name')
    .orderBy('app_user.display_name')
    .execute();

export const reviewer = (tx: Tx) =>
  tx
    .selectFrom('safeguarding_reviewer')
    .innerJoin('app_user', 'app_user.id', 'safeguarding_reviewer.user_id')
    .select(['app_user.id', 'app_user.display_name'])
    .where('safeguarding_reviewer.partnership_id', '=', sql<string>`current_partnership_id()`)
    .executeTakeFirst();
