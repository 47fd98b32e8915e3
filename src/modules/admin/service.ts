import { randomUUID } from 'node:crypto';
import { newApiSecret } from '../../platform/api-credentials.ts';
import type { Kysely } from 'kysely';
import type { Database, AgencyKind, Role } from '../../db/schema.ts';
import { asActor, type Actor } from '../../db/tenancy.ts';
import { canInvite, inviteUser } from '../../platform/auth/accounts.ts';
import * as repo from './repository.ts';

/** A problem with valid input, on its field; `problem` is a catalogue key (see platform/pages/form-problem.ts). */
export type FieldProblem = { field: string; problem: string };
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
        problem: { field: 'name', problem: 'admin.problem.agency-exists' },
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
        problem: { field: 'name', problem: 'admin.problem.agency-exists' },
      };
    throw error;
  }
}

export const listUsers = (db: Kysely<Database>, actor: Actor) =>
  asActor(db, actor, (tx) => repo.listUsers(tx, actor.partnershipId));
export const findUser = (db: Kysely<Database>, actor: Actor, id: string) =>
  asActor(db, actor, (tx) => repo.findUser(tx, actor.partnershipId, id));

export type InviteDeps = Parameters<typeof inviteUser>[1];

const NO_MAIL: FieldProblem = {
  field: 'email',
  problem: 'admin.problem.no-mail',
};

/**
 * Adds a local account with no password and no authenticator, and e-mails the
 * user a single-use link to set both themselves. The administrator never sees
 * the link, a password or a key; without mail (in production) nobody is added.
 * Null: the address belongs to another partnership's user, and nothing was added.
 */
export async function createUser(
  db: Kysely<Database>,
  actor: Actor,
  input: { displayName: string; email: string; agencyId: string; role: Role },
  deps: InviteDeps,
): Promise<Outcome<string | null>> {
  if (!canInvite(deps.config)) return { ok: false, problem: NO_MAIL };
  if (isPrivileged(input.role))
    return {
      ok: false,
      problem: {
        field: 'role',
        problem: 'admin.problem.privileged-new-user',
      },
    };
  try {
    const id = await asActor(db, actor, async (tx) => {
      if (!(await repo.findAgency(tx, actor.partnershipId, input.agencyId))) return null;
      const row = await repo.insertUser(tx, {
        partnership_id: actor.partnershipId,
        agency_id: input.agencyId,
        email: input.email,
        display_name: input.displayName,
        role: input.role,
      });
      const invited = await inviteUser(tx, deps, row.id);
      if (!invited.ok) throw new Error('a user just added could not be invited');
      return row.id;
    });
    if (!id) return { ok: false, problem: { field: 'agencyId', problem: 'admin.form.agency' } };
    return { ok: true, value: id };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  // The address is taken. In this partnership the administrator can see that user anyway; in another,
  // the answer must not say so: it looks the same as an invitation sent, and the holder is told instead.
  const own = await asActor(db, actor, (tx) => repo.findUserByEmail(tx, actor.partnershipId, input.email));
  if (own) return { ok: false, problem: { field: 'email', problem: 'admin.problem.user-exists' } };
  if (deps.config.smtpUrl)
    await deps.mailer.send({
      to: [input.email],
      subject: 'Your Whole Picture account',
      text:
        'An administrator of another partnership tried to invite this address to Whole Picture. ' +
        'An address can hold only one account, so nothing has changed. If you need access there, tell your own administrator.',
    });
  return { ok: true, value: null };
}

/**
 * An administrator cannot set anyone's password or authenticator, only reset
 * them: the old ones stop working, the user is signed out everywhere, and a
 * new invitation goes to the user's own address.
 */
export async function resetUser(
  db: Kysely<Database>,
  actor: Actor,
  id: string,
  deps: InviteDeps,
): Promise<Outcome<boolean>> {
  if (!canInvite(deps.config)) return { ok: false, problem: { ...NO_MAIL, field: 'reset' } };
  const invited = await asActor(db, actor, (tx) => inviteUser(tx, deps, id));
  return { ok: true, value: invited.ok };
}

/** Roles that need a second administrator's approval: an agency lead reviews break-glass; an administrator grants roles. */
export const PRIVILEGED_ROLES: readonly Role[] = ['agency-lead', 'administrator'];
const isPrivileged = (role: Role) => PRIVILEGED_ROLES.includes(role);

/**
 * Changes a user. A change to agency lead or administrator is not made here:
 * it is asked for, and applies once another administrator approves it
 * (`roleChangeRequested` then names the request).
 */
export async function updateUser(
  db: Kysely<Database>,
  actor: Actor,
  id: string,
  input: { displayName: string; agencyId: string; role: Role; active: boolean },
): Promise<Outcome<{ updated: boolean; roleChangeRequested: string | null }>> {
  if (id === actor.userId && (!input.active || input.role !== 'administrator')) {
    return {
      ok: false,
      problem: { field: input.active ? 'role' : 'active', problem: 'admin.problem.own-access' },
    };
  }
  const updated = await asActor(db, actor, async (tx) => {
    if (!(await repo.findAgency(tx, actor.partnershipId, input.agencyId))) return null;
    const existing = await repo.findUser(tx, actor.partnershipId, id);
    if (!existing) return { updated: false, roleChangeRequested: null };
    const asks = isPrivileged(input.role) && input.role !== existing.role;
    const result = await repo.updateUser(tx, actor.partnershipId, id, {
      display_name: input.displayName,
      role: asks ? existing.role : input.role,
      agency_id: input.agencyId,
      active: input.active,
    });
    const roleChangeRequested = asks && input.active ? await repo.requestRoleChange(tx, id, input.role) : null;
    return { updated: Number(result.numUpdatedRows) === 1, roleChangeRequested };
  });
  if (updated === null) return { ok: false, problem: { field: 'agencyId', problem: 'admin.form.agency' } };
  return { ok: true, value: updated };
}

export const listRoleChanges = (db: Kysely<Database>, actor: Actor) =>
  asActor(db, actor, async (tx) =>
    (await repo.listRoleChanges(tx)).map((c) => ({ ...c, mine: c.requested_by === actor.userId })),
  );

/**
 * Another administrator approves or refuses a waiting role change; approving
 * applies it (and, as any role change does, ends the user's sessions). Null:
 * no such waiting request, or it is this administrator's own.
 */
export const decideRoleChange = (db: Kysely<Database>, actor: Actor, id: string, approve: boolean) =>
  asActor(db, actor, async (tx) => {
    const outcome = await repo.decideRoleChange(tx, id, approve);
    if (!outcome) return null;
    const change = await repo.findRoleChange(tx, id);
    return change ? { outcome, userId: change.user_id, role: change.role } : null;
  });

/**
 * Asks for the partnership's designated safeguarding reviewer to be this user; it applies once another
 * administrator approves. Null: not an active user of the partnership who works cases.
 */
export const askForReviewer = (db: Kysely<Database>, actor: Actor, userId: string) =>
  asActor(db, actor, (tx) => repo.requestRoleChange(tx, userId, 'safeguarding-reviewer'));

/** The choice of reviewer waiting for a second administrator, if there is one. */
export const waitingReviewer = async (db: Kysely<Database>, actor: Actor) =>
  (await listRoleChanges(db, actor)).find((c) => c.role === 'safeguarding-reviewer' && c.status === 'waiting') ?? null;

export const listApiCredentials = async (db: Kysely<Database>, actor: Actor) =>
  (await asActor(db, actor, (tx) => repo.listApiCredentials(tx, actor.partnershipId))).map((c) => ({
    ...c,
    live: c.expires_at > new Date(),
  }));

const DAY_MS = 86_400_000;
/** After a rotation the old credential works one more day, so the agency's system can switch over. */
export const ROTATION_GRACE_MS = DAY_MS;

/** Issues a credential for an agency's record system; the token is shown once and only its hash is kept. It expires. */
export async function issueApiCredential(
  db: Kysely<Database>,
  actor: Actor,
  input: { label: string; agencyId: string; expiresInDays: string },
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
      expires_at: new Date(Date.now() + Number(input.expiresInDays) * DAY_MS),
    });
    return true;
  });
  return issued
    ? { ok: true, value: { id, token } }
    : { ok: false, problem: { field: 'agencyId', problem: 'admin.form.agency' } };
}

/** Stops a credential working at once. False: no such live credential in this partnership. */
export const revokeApiCredential = (db: Kysely<Database>, actor: Actor, id: string) =>
  asActor(
    db,
    actor,
    async (tx) =>
      Number((await repo.revokeApiCredential(tx, actor.partnershipId, id, actor.userId)).numUpdatedRows) === 1,
  );

/**
 * Rotates a credential: a successor with a new secret, valid for a year and
 * shown once; the old one expires a day from now.
 */
export async function rotateApiCredential(
  db: Kysely<Database>,
  actor: Actor,
  id: string,
): Promise<{ id: string; token: string } | null> {
  return asActor(db, actor, async (tx) => {
    const old = await repo.findLiveApiCredential(tx, actor.partnershipId, id);
    if (!old) return null;
    const successor = randomUUID();
    const { token, secretHash } = newApiSecret(successor);
    await repo.insertApiCredential(tx, {
      id: successor,
      partnership_id: actor.partnershipId,
      agency_id: old.agency_id,
      label: old.label,
      secret_hash: secretHash,
      created_by: actor.userId,
      expires_at: new Date(Date.now() + 365 * DAY_MS),
      replaces: old.id,
    });
    await repo.shortenApiCredential(tx, actor.partnershipId, old.id, new Date(Date.now() + ROTATION_GRACE_MS));
    return { id: successor, token };
  });
}
