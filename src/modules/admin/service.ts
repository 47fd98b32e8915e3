import { randomBytes, randomUUID } from 'node:crypto';
import { newApiSecret } from '../../platform/api-credentials.ts';
import type { Kysely } from 'kysely';
import type { Database, AgencyKind, Role } from '../../db/schema.ts';
import { asActor, type Actor } from '../../db/tenancy.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { newTotpSecret, totpUri } from '../../platform/auth/totp.ts';
import * as repo from './repository.ts';

export type FieldProblem = { field: string; text: string };
export type Outcome<T> = { ok: true; value: T } | { ok: false; problem: FieldProblem };

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

export const listAgencies = (db: Kysely<Database>, actor: Actor) =>
  asActor(db, actor, (tx) => repo.listAgencies(tx, actor.partnershipId));
export const findAgency = (db: Kysely<Database>, actor: Actor, id: string) =>
  asActor(db, actor, (tx) => repo.findAgency(tx, actor.partnershipId, id));

export async function createAgency(
  db: Kysely<Database>,
  actor: Actor,
  input: { name: string; kind: AgencyKind },
): Promise<Outcome<string>> {
  try {
    const row = await asActor(db, actor, (tx) =>
      repo.insertAgency(tx, { partnership_id: actor.partnershipId, ...input }),
    );
    return { ok: true, value: row.id };
  } catch (error) {
    if (isUniqueViolation(error))
      return {
        ok: false,
        problem: { field: 'name', text: 'An agency with this name already exists in your partnership' },
      };
    throw error;
  }
}

export async function updateAgency(
  db: Kysely<Database>,
  actor: Actor,
  id: string,
  input: { name: string; kind: AgencyKind; active: boolean },
): Promise<Outcome<boolean>> {
  try {
    const result = await asActor(db, actor, (tx) => repo.updateAgency(tx, actor.partnershipId, id, input));
    return { ok: true, value: Number(result.numUpdatedRows) === 1 };
  } catch (error) {
    if (isUniqueViolation(error))
      return {
        ok: false,
        problem: { field: 'name', text: 'An agency with this name already exists in your partnership' },
      };
    throw error;
  }
}

export const listUsers = (db: Kysely<Database>, actor: Actor) =>
  asActor(db, actor, (tx) => repo.listUsers(tx, actor.partnershipId));
export const findUser = (db: Kysely<Database>, actor: Actor, id: string) =>
  asActor(db, actor, (tx) => repo.findUser(tx, actor.partnershipId, id));

export interface NewUserCredentials {
  userId: string;
  temporaryPassword: string;
  totpSecret: string;
  totpUri: string;
}

/** Creates a local account with a one-time password and a TOTP secret, shown to the administrator once. */
export async function createUser(
  db: Kysely<Database>,
  actor: Actor,
  input: { displayName: string; email: string; agencyId: string; role: Role },
): Promise<Outcome<NewUserCredentials>> {
  const temporaryPassword = randomBytes(12).toString('base64url');
  const totpSecret = newTotpSecret();
  try {
    const row = await asActor(db, actor, async (tx) => {
      if (!(await repo.findAgency(tx, actor.partnershipId, input.agencyId))) return null;
      return repo.insertUser(tx, {
        partnership_id: actor.partnershipId,
        agency_id: input.agencyId,
        email: input.email,
        display_name: input.displayName,
        role: input.role,
        password_hash: await hashPassword(temporaryPassword),
        totp_secret: totpSecret,
      });
    });
    if (!row) return { ok: false, problem: { field: 'agencyId', text: 'Select an agency' } };
    return {
      ok: true,
      value: { userId: row.id, temporaryPassword, totpSecret, totpUri: totpUri(totpSecret, input.role) },
    };
  } catch (error) {
    if (isUniqueViolation(error))
      return { ok: false, problem: { field: 'email', text: 'A user with this email address already exists' } };
    throw error;
  }
}

export async function updateUser(
  db: Kysely<Database>,
  actor: Actor,
  id: string,
  input: { displayName: string; agencyId: string; role: Role; active: boolean },
): Promise<Outcome<boolean>> {
  if (id === actor.userId && (!input.active || input.role !== 'administrator')) {
    return {
      ok: false,
      problem: { field: input.active ? 'role' : 'active', text: 'You cannot remove your own administrator access' },
    };
  }
  const updated = await asActor(db, actor, async (tx) => {
    if (!(await repo.findAgency(tx, actor.partnershipId, input.agencyId))) return null;
    return repo.updateUser(tx, actor.partnershipId, id, {
      display_name: input.displayName,
      role: input.role,
      agency_id: input.agencyId,
      active: input.active,
    });
  });
  if (updated === null) return { ok: false, problem: { field: 'agencyId', text: 'Select an agency' } };
  return { ok: true, value: Number(updated.numUpdatedRows) === 1 };
}

export const listApiCredentials = (db: Kysely<Database>, actor: Actor) =>
  asActor(db, actor, (tx) => repo.listApiCredentials(tx, actor.partnershipId));

/** Issues a credential for an agency's record system; the token is shown once and only its hash is kept. */
export async function issueApiCredential(
  db: Kysely<Database>,
  actor: Actor,
  input: { label: string; agencyId: string },
): Promise<Outcome<{ id: string; token: string }>> {
  const id = randomUUID();
  const { token, secretHash } = newApiSecret(id);
  const issued = await asActor(db, actor, async (tx) => {
    if (!(await repo.findAgency(tx, actor.partnershipId, input.agencyId))) return false;
    await repo.insertApiCredential(tx, {
      id,
      partnership_id: actor.partnershipId,
      agency_id: input.agencyId,
      label: input.label,
      secret_hash: secretHash,
      created_by: actor.userId,
    });
    return true;
  });
  return issued
    ? { ok: true, value: { id, token } }
    : { ok: false, problem: { field: 'agencyId', text: 'Select an agency' } };
}
