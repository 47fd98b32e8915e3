import { sql, type Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { asActor, type Actor } from '../../db/tenancy.ts';
import { label, type Language } from '../language/index.ts';
import type { Mailer } from '../mail.ts';
import { newToken, tokenHash } from './sessions.ts';
import { hashPassword, passwordProof } from './passwords.ts';
import { LOCKOUT, MAX_FAILED_SIGN_INS } from './credentials.ts';

// Invitations and self-service changes. Only the user ever holds their
// password, their authenticator and the link that sets them: the link goes to
// the user's own address and nowhere else (in local development, to the
// server's log), and the database keeps only a hash of it.

export type InviteOutcome = { ok: true } | { ok: false; problem: 'no-mail' | 'not-found' };

/** Whether this service may invite at all: in production only with mail to send the link by. */
export const canInvite = (config: Pick<Config, 'env' | 'smtpUrl'>): boolean =>
  config.env !== 'production' || config.smtpUrl !== null;

/**
 * Invites a user, or resets one: whatever password and authenticator they had
 * stop working, all their sessions end, and a new single-use link is e-mailed
 * to them. Runs in the administrator's own transaction (their settings name them).
 */
export async function inviteUser(
  tx: Kysely<Database>,
  deps: { config: Config; mailer: Mailer; log: { info(obj: object, msg: string): void } },
  userId: string,
): Promise<InviteOutcome> {
  if (!canInvite(deps.config)) return { ok: false, problem: 'no-mail' };
  const token = newToken();
  const { rows } = await sql<{ email: string | null }>`
    SELECT account_invite(${userId}::uuid, ${tokenHash(token)}, ${`${deps.config.accounts.inviteHours} hours`}::interval) AS email`.execute(
    tx,
  );
  const email = rows[0]?.email;
  if (!email) return { ok: false, problem: 'not-found' };
  const link = `${deps.config.publicUrl}/account/set-up?token=${token}`;
  if (!deps.config.smtpUrl) {
    // Local development only (production refuses above): there is no mail, so the link goes to the server's log.
    deps.log.info({ invitation: link }, 'invitation link (no SMTP_URL: development only)');
    return { ok: true };
  }
  // A new account has chosen no language yet: the invitation is in the language the administrator is working in.
  await deps.mailer.send({
    to: [email],
    subject: label('mail.invitation.subject'),
    text: label('mail.invitation.text', { hours: deps.config.accounts.inviteHours, link }),
  });
  return { ok: true };
}

/** The invitation a link names, while it is unused and unexpired. */
export async function openInvite(
  db: Kysely<Database>,
  token: string,
): Promise<{ userId: string; role: string } | null> {
  const { rows } = await sql<{ user_id: string; role: string }>`
    SELECT * FROM account_invite_open(${tokenHash(token)})`.execute(db);
  return rows[0] ? { userId: rows[0].user_id, role: rows[0].role } : null;
}

/** Sets the user's own password and authenticator, using the invitation up. */
export async function acceptInvite(
  db: Kysely<Database>,
  token: string,
  input: { password: string; sealedSecret: string; step: number },
): Promise<string | null> {
  const { rows } = await sql<{ u: string | null }>`
    SELECT account_invite_accept(${tokenHash(token)}, ${await hashPassword(input.password)}, ${input.sealedSecret},
      ${input.step}::bigint) AS u`.execute(db);
  return rows[0]?.u ?? null;
}

export type ChangeOutcome = 'ok' | 'wrong-password' | 'locked' | 'refused';

/** A signed-in user changes their own password and/or authenticator, proving their current password. */
export async function changeOwnCredentials(
  db: Kysely<Database>,
  sessionToken: string,
  input: { currentPassword: string; newPassword?: string; sealedSecret?: string; step?: number },
): Promise<ChangeOutcome> {
  const hash = tokenHash(sessionToken);
  const { rows } = await sql<{ s: string | null }>`SELECT account_password_settings(${hash}) AS s`.execute(db);
  const proof = await passwordProof(rows[0]?.s ?? null, input.currentPassword);
  const newHash = input.newPassword ? await hashPassword(input.newPassword) : null;
  const changed = await sql<{ o: ChangeOutcome }>`
    SELECT account_change_credentials(${hash}, ${proof}, ${newHash}, ${input.sealedSecret ?? null},
      ${input.step ?? null}::bigint, ${MAX_FAILED_SIGN_INS}, ${LOCKOUT}::interval) AS o`.execute(db);
  return changed.rows[0]?.o ?? 'refused';
}

/** Remembers the language a signed-in user chose, for what the service sends them later (e-mails). Their own row only. */
export async function rememberLanguage(db: Kysely<Database>, actor: Actor, language: Language): Promise<void> {
  await asActor(db, actor, (tx) => sql`SELECT set_own_preferred_language(${language})`.execute(tx));
}

/** The language an account's holder chose (for the e-mail telling them their account was locked), else English. */
export async function languageOfAccount(owner: Kysely<Database>, email: string): Promise<Language> {
  const row = await owner
    .selectFrom('app_user')
    .select('preferred_language')
    .where(sql<boolean>`lower(email) = lower(${email})`)
    .executeTakeFirst();
  return row?.preferred_language ?? 'en';
}
