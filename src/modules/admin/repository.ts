import { sql } from 'kysely';
import type { Tx } from '../../db/tenancy.ts';
import type { AgencyKind, Role } from '../../db/schema.ts';

// SQL for agencies and users. Row-level security scopes every query to the
// actor's partnership; the explicit partnership filters are belt and braces.

export const listAgencies = (tx: Tx, partnershipId: string) =>
  tx
    .selectFrom('agency')
    .select(['id', 'name', 'kind', 'active'])
    .where('partnership_id', '=', partnershipId)
    .orderBy('name')
    .execute();

export const findAgency = (tx: Tx, partnershipId: string, id: string) =>
  tx
    .selectFrom('agency')
    .select(['id', 'name', 'kind', 'active'])
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst();

export const insertAgency = (tx: Tx, row: { partnership_id: string; name: string; kind: AgencyKind }) =>
  tx.insertInto('agency').values(row).returning('id').executeTakeFirstOrThrow();

export const updateAgency = (
  tx: Tx,
  partnershipId: string,
  id: string,
  row: { name: string; kind: AgencyKind; active: boolean },
) =>
  tx.updateTable('agency').set(row).where('partnership_id', '=', partnershipId).where('id', '=', id).executeTakeFirst();

export const listUsers = (tx: Tx, partnershipId: string) =>
  tx
    .selectFrom('app_user')
    .innerJoin('agency', 'agency.id', 'app_user.agency_id')
    .select([
      'app_user.id',
      'app_user.display_name',
      'app_user.email',
      'app_user.role',
      'app_user.active',
      'agency.name as agency_name',
    ])
    .where('app_user.partnership_id', '=', partnershipId)
    .orderBy('app_user.display_name')
    .execute();

export const findUser = (tx: Tx, partnershipId: string, id: string) =>
  tx
    .selectFrom('app_user')
    .select(['id', 'display_name', 'email', 'role', 'agency_id', 'active'])
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst();

export const findUserByEmail = (tx: Tx, partnershipId: string, email: string) =>
  tx
    .selectFrom('app_user')
    .select('id')
    .where('partnership_id', '=', partnershipId)
    .where('email', '=', email)
    .executeTakeFirst();

export const insertUser = (
  tx: Tx,
  row: {
    partnership_id: string;
    agency_id: string;
    email: string;
    display_name: string;
    role: Role;
  },
) => tx.insertInto('app_user').values(row).returning('id').executeTakeFirstOrThrow();

export const updateUser = (
  tx: Tx,
  partnershipId: string,
  id: string,
  row: { display_name: string; role: Role; agency_id: string; active: boolean },
) =>
  tx
    .updateTable('app_user')
    .set(row)
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst();

export const listApiCredentials = (tx: Tx, partnershipId: string) =>
  tx
    .selectFrom('api_credential')
    .innerJoin('agency', 'agency.id', 'api_credential.agency_id')
    .select([
      'api_credential.id',
      'api_credential.label',
      'api_credential.active',
      'api_credential.created_at',
      'api_credential.expires_at',
      'api_credential.revoked_at',
      'api_credential.last_used_at',
      'agency.name as agency_name',
    ])
    .where('api_credential.partnership_id', '=', partnershipId)
    .orderBy('api_credential.created_at')
    .execute();

export const insertApiCredential = (
  tx: Tx,
  row: {
    id: string;
    partnership_id: string;
    agency_id: string;
    label: string;
    secret_hash: string;
    created_by: string;
    expires_at: Date;
    replaces?: string;
  },
) => tx.insertInto('api_credential').values(row).execute();

/** A credential that still works (not revoked, not expired), for revoking or rotating it. */
export const findLiveApiCredential = (tx: Tx, partnershipId: string, id: string) =>
  tx
    .selectFrom('api_credential')
    .select(['id', 'label', 'agency_id', 'expires_at'])
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .where('active', '=', true)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', new Date())
    .executeTakeFirst();

export const revokeApiCredential = (tx: Tx, partnershipId: string, id: string, by: string) =>
  tx
    .updateTable('api_credential')
    .set({ revoked_at: new Date(), revoked_by: by })
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();

export const shortenApiCredential = (tx: Tx, partnershipId: string, id: string, until: Date) =>
  tx
    .updateTable('api_credential')
    .set({ expires_at: until })
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .where('expires_at', '>', until)
    .execute();

// Granting agency lead or administrator, or choosing the designated safeguarding reviewer: asked by one
// administrator, decided by another (functions in the database, migrations 0072 and 0140).

/** What a privileged change grants: a role, or the partnership's designated safeguarding reviewer. */
export type Grant = Role | 'safeguarding-reviewer';

export const requestRoleChange = async (tx: Tx, userId: string, role: Grant) =>
  (await sql<{ id: string | null }>`SELECT privileged_change_request(${userId}::uuid, ${role}) AS id`.execute(tx))
    .rows[0]?.id ?? null;

export const decideRoleChange = async (tx: Tx, id: string, approve: boolean) =>
  (
    await sql<{
      outcome: 'approved' | 'refused' | null;
    }>`SELECT privileged_change_decide(${id}::uuid, ${approve}) AS outcome`.execute(tx)
  ).rows[0]?.outcome ?? null;

export const findRoleChange = async (tx: Tx, id: string) =>
  (
    await sql<{ id: string; user_id: string; role: Grant; status: string }>`
      SELECT id, user_id, role, status FROM privileged_change WHERE id = ${id}::uuid`.execute(tx)
  ).rows[0];

/** Waiting requests, then the latest decisions, for the partnership's administrators to see. */
export const listRoleChanges = async (tx: Tx) =>
  (
    await sql<{
      id: string;
      user_id: string;
      user_name: string;
      role: Grant;
      status: 'waiting' | 'approved' | 'refused';
      requested_by: string;
      requested_by_name: string;
      requested_at: Date;
      decided_by_name: string | null;
      decided_at: Date | null;
    }>`
      SELECT c.id, c.user_id, u.display_name AS user_name, c.role, c.status, c.requested_by,
        r.display_name AS requested_by_name, c.requested_at, d.display_name AS decided_by_name, c.decided_at
      FROM privileged_change c
      JOIN app_user u ON u.id = c.user_id
      JOIN app_user r ON r.id = c.requested_by
      LEFT JOIN app_user d ON d.id = c.decided_by
      WHERE c.partnership_id = current_partnership_id()
      ORDER BY c.status = 'waiting' DESC, c.requested_at DESC
      LIMIT 50`.execute(tx)
  ).rows;
