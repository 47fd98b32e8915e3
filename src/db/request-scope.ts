import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** What a scope names; empty strings where there is no one (a job acting for a partnership). */
export interface ScopeFields {
  partnershipId: string;
  agencyId: string;
  userId: string;
  role: string;
}

interface ScopeKey {
  inner: Buffer;
  outer: Buffer;
}

/** How long a signed scope is accepted, counted from the transaction's start on the database's clock. */
const LIFETIME_SECONDS = 600;
const UUID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})?$/;
const ROLE = /^[a-z-]{0,40}$/;

// The key of each app handle, read once through its owner handle: the app role itself cannot read it.
const keys = new WeakMap<Kysely<Database>, { owner: Kysely<Database>; key: Promise<ScopeKey> | null }>();

/** Called where the two handles are opened: scopes for `app` are signed with the key `owner` reads. */
export function registerScopeKey(app: Kysely<Database>, owner: Kysely<Database>): void {
  keys.set(app, { owner, key: null });
}

function keyOf(db: Kysely<Database>): Promise<ScopeKey> {
  const entry = keys.get(db);
  if (!entry) throw new Error('this database handle has no request-scope key (open it with openDatabases)');
  entry.key ??= sql<{ inner_key: Buffer; outer_key: Buffer }>`SELECT inner_key, outer_key FROM request_scope_key`
    .execute(entry.owner)
    .then(({ rows }) => {
      const row = rows[0];
      if (!row) throw new Error('request_scope_key is empty: run the migrations');
      return { inner: Buffer.from(row.inner_key), outer: Buffer.from(row.outer_key) };
    })
    .catch((error: unknown) => {
      entry.key = null; // not cached: the migrations may not have run yet
      throw error;
    });
  return entry.key;
}

/** The database's request_scope_mac(): sha256(outer || sha256(inner || text)), hex. */
export function scopeMac(key: ScopeKey, text: string): string {
  const inner = createHash('sha256').update(key.inner).update(text, 'utf8').digest();
  return createHash('sha256').update(key.outer).update(inner).digest('hex');
}

/** The value of app.scope for these fields: what the policies' functions verify. */
export async function signedScope(db: Kysely<Database>, fields: ScopeFields, now = Date.now()): Promise<string> {
  const parts = [fields.partnershipId, fields.agencyId, fields.userId];
  if (!parts.every((p) => UUID.test(p)) || !ROLE.test(fields.role)) throw new Error('malformed request scope');
  const text = [Math.floor(now / 1000) + LIFETIME_SECONDS, ...parts, fields.role].join(';');
  return `${text};${scopeMac(await keyOf(db), text)}`;
}

/**
 * The service's word for one sign-in step (request_scope_mac() in the database): a MAC with the same
 * key, over the step's name and what it vouches for. The app role, which cannot read the key, cannot make one.
 */
export const serviceProof = async (db: Kysely<Database>, step: string, ...parts: string[]): Promise<string> =>
  scopeMac(await keyOf(db), [step, ...parts].join(';'));
