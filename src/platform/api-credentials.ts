import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { FastifyRequest } from 'fastify';
import type { Database } from '../db/schema.ts';
import type { Actor } from '../db/tenancy.ts';

// An agency system presents "Authorization: Bearer wpk_<credential id>.<secret>".
// The secret is 32 random bytes, so a plain SHA-256 is a sound way to store it.
const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

export function newApiSecret(credentialId: string): { token: string; secretHash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { token: `wpk_${credentialId}.${secret}`, secretHash: hashSecret(secret) };
}

/** The actor an API credential acts as: its agency, as a practitioner, identified by the credential id in the audit log (also for work it started that runs later, such as a background import). */
export const credentialActor = (credentialId: string, owner: { partnershipId: string; agencyId: string }): Actor => ({
  userId: credentialId,
  ...owner,
  role: 'practitioner',
  displayName: 'Agency system',
});

/**
 * The credential a request presents, checked against its stored hash, as its
 * actor; null when absent, unknown, revoked, expired or wrong. Every
 * presentation of a well-formed credential is audited, allowed or refused,
 * against the credential it names.
 */
export async function apiActor(db: Kysely<Database>, request: FastifyRequest): Promise<Actor | null> {
  const match = /^Bearer wpk_([0-9a-f-]{36})\.([A-Za-z0-9_-]{20,100})$/.exec(request.headers.authorization ?? '');
  if (!match) return null;
  const [, id, secret] = match as unknown as [string, string, string];
  const { rows } = await sql<{ partnership_id: string; agency_id: string; secret_hash: string; active: boolean }>`
    SELECT * FROM api_credential_resolve(${id}::uuid)`.execute(db);
  const credential = rows[0];
  const expected = Buffer.from(credential?.secret_hash ?? '', 'hex');
  const given = Buffer.from(hashSecret(secret), 'hex');
  const matches = expected.length === given.length && timingSafeEqual(expected, given);
  const actor =
    credential?.active && matches
      ? credentialActor(id, { partnershipId: credential.partnership_id, agencyId: credential.agency_id })
      : null;
  await request.server.audit.record(
    { id: request.id, actor },
    {
      action: 'api-credential.use',
      subjectType: 'api-credential',
      subjectId: credential ? id : null,
      outcome: actor ? 'success' : 'denied',
    },
  );
  return actor;
}
