import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

// Authenticator secrets are stored sealed (AES-256-GCM) with a key from config
// that the database never holds: a copy of the database, its owner or the app
// role reading a row learns nothing that makes a sign-in code.
const PREFIX = 'v1';

const keyOf = (key: string) => {
  const bytes = Buffer.from(key, 'base64');
  if (bytes.length !== 32) throw new Error('the authenticator key must be 32 bytes');
  return bytes;
};

export const isSealed = (stored: string): boolean => stored.startsWith(`${PREFIX}.`);

export function sealSecret(key: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(key), iv);
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [PREFIX, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join(
    '.',
  );
}

/** The secret, or null when the value is not sealed with this key (a plain or altered value never signs anyone in). */
export function openSecret(key: string, sealed: string | null | undefined): string | null {
  const parts = (sealed ?? '').split('.');
  if (parts.length !== 4 || parts[0] !== PREFIX) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(key), Buffer.from(parts[1]!, 'base64url'));
    decipher.setAuthTag(Buffer.from(parts[2]!, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(parts[3]!, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/**
 * Seals any authenticator secret still stored in the clear (accounts from
 * before sealing, or loaded by the synthetic seed). The database cannot do this
 * itself, as it never holds the key; this runs as the owner at start-up.
 */
export async function sealPlainSecrets(owner: Kysely<Database>, key: string, batchSize = 1000): Promise<number> {
  const plain = await owner
    .selectFrom('app_user')
    .select(['id', 'totp_secret'])
    .where('totp_secret', 'is not', null)
    .where('totp_secret', 'not like', `${PREFIX}.%`)
    .execute();
  // One statement per thousand accounts: a national seed leaves twenty thousand, and one
  // update each kept the server from starting within its plugin timeout.
  for (let start = 0; start < plain.length; start += batchSize) {
    const batch = plain.slice(start, start + batchSize);
    await sql`
      UPDATE app_user u SET totp_secret = v.sealed
      FROM unnest(${batch.map((r) => r.id)}::uuid[], ${batch.map((r) => sealSecret(key, r.totp_secret!))}::text[])
        AS v(id, sealed)
      WHERE u.id = v.id`.execute(owner);
  }
  return plain.length;
}
