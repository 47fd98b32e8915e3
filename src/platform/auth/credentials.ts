import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { newToken, tokenHash } from './sessions.ts';
import { passwordProof } from './passwords.ts';
import { matchTotpStep } from './totp.ts';
import { openSecret } from './authenticator-secrets.ts';
import { serviceProof } from '../../db/request-scope.ts';

// The sign-in steps. The database holds the password hash and the sealed
// authenticator secret and opens sessions itself; the app role sees neither a
// hash nor a plain secret, and cannot open a session without the password.
// The steps after the password (the sealed secret, the code's time-step, a
// single sign-on session) take the service's proof (serviceProof), which the
// app role alone cannot make: knowing a password is not enough to sign in.

export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT = '15 minutes';

export interface StepResult {
  outcome: 'ok' | 'refused' | 'locked' | 'replayed';
  userId: string | null;
  /** Set when this failure locked the account: where the notice goes. */
  notify: string | null;
  /** The new session's token, when the step succeeded. */
  token: string | null;
}

type Row = { outcome: StepResult['outcome']; user_id: string | null; notify_email: string | null };
const result = (row: Row | undefined, token: string): StepResult => ({
  outcome: row?.outcome ?? 'refused',
  userId: row?.user_id ?? null,
  notify: row?.notify_email ?? null,
  token: row?.outcome === 'ok' ? token : null,
});

/** Email and password: on success, a session that can only take the second factor. */
export async function passwordStep(
  db: Kysely<Database>,
  email: string,
  password: string,
  idle: string,
): Promise<StepResult> {
  const { rows } = await sql<{ s: string | null }>`SELECT auth_password_settings(${email}) AS s`.execute(db);
  const proof = await passwordProof(rows[0]?.s ?? null, password);
  const token = newToken();
  const step = await sql<Row>`
    SELECT * FROM auth_password_step(${email}, ${proof}, ${tokenHash(token)}, ${idle}::interval,
      ${MAX_FAILED_SIGN_INS}, ${LOCKOUT}::interval)`.execute(db);
  return result(step.rows[0], token);
}

/** The code from the authenticator: on success, the pending session becomes a signed-in one under a new token. */
export async function secondFactorStep(
  db: Kysely<Database>,
  authenticatorKey: string,
  pendingToken: string,
  code: string,
): Promise<StepResult> {
  const pending = tokenHash(pendingToken);
  const { rows } = await sql<{ user_id: string; sealed_secret: string | null; locked: boolean }>`
    SELECT * FROM auth_second_factor_secret(${pending}, ${await serviceProof(db, 'second-factor-secret', pending)})`.execute(
    db,
  );
  const secret = openSecret(authenticatorKey, rows[0]?.sealed_secret);
  const matched = secret && !rows[0]?.locked ? matchTotpStep(secret, code) : null;
  const token = newToken();
  const proof = await serviceProof(db, 'second-factor-step', pending, tokenHash(token), matched?.toString() ?? '');
  const step = await sql<Row>`
    SELECT * FROM auth_second_factor_step(${pending}, ${tokenHash(token)}, ${matched}::bigint,
      ${MAX_FAILED_SIGN_INS}, ${LOCKOUT}::interval, ${proof})`.execute(db);
  return result(step.rows[0], token);
}

/** Single sign-on, once the identity provider's signed answer has been checked: a session for the user it names. */
export async function oidcSession(
  db: Kysely<Database>,
  partnershipId: string,
  subject: string,
  idle: string,
): Promise<{ userId: string; token: string } | null> {
  const token = newToken();
  const proof = await serviceProof(db, 'oidc-session', partnershipId, tokenHash(token), subject);
  const { rows } = await sql<{ u: string | null }>`
    SELECT auth_oidc_session(${partnershipId}::uuid, ${subject}, ${tokenHash(token)}, ${idle}::interval, ${proof}) AS u`.execute(
    db,
  );
  return rows[0]?.u ? { userId: rows[0].u, token } : null;
}
