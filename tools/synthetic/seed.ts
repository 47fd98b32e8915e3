import { faker } from '@faker-js/faker/locale/en_GB';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import { AGENCY_KINDS, ROLES } from '../../src/db/schema.ts';
import { hashPassword } from '../../src/platform/auth/passwords.ts';
import { newTotpSecret } from '../../src/platform/auth/totp.ts';
import { DEMO_PARTNERSHIPS, DEMO_PASSWORD } from './demo-accounts.ts';

export type SeedSize = 'demo' | 'area' | 'national';

/** Loads synthetic data as the owner. Idempotent per partnership code. */
export async function seed(owner: Kysely<Database>, size: SeedSize): Promise<{ partnerships: number; users: number }> {
  let partnerships = 0;
  let users = 0;
  const demoHash = await hashPassword(DEMO_PASSWORD);
  for (const demo of DEMO_PARTNERSHIPS) {
    if (await exists(owner, demo.code)) continue;
    await owner.transaction().execute(async (tx) => {
      const p = await tx.insertInto('partnership').values({ code: demo.code, name: demo.name }).returning('id').executeTakeFirstOrThrow();
      const ids = new Map<string, string>();
      for (const agency of demo.agencies) {
        const row = await tx.insertInto('agency').values({ partnership_id: p.id, name: agency.name, kind: agency.kind }).returning('id').executeTakeFirstOrThrow();
        ids.set(agency.key, row.id);
      }
      for (const account of demo.accounts) {
        await tx.insertInto('app_user').values({
          partnership_id: p.id, agency_id: ids.get(account.agency)!, email: account.email, display_name: account.displayName,
          role: account.role, password_hash: demoHash, totp_secret: account.totpSecret,
        }).execute();
        users++;
      }
    });
    partnerships++;
  }
  if (size === 'demo') return { partnerships, users };

  // Larger sizes add generated partnerships, written a partnership at a time so memory stays flat.
  faker.seed(2026);
  const count = size === 'area' ? 1 : 40;
  const usersPerAgency = size === 'area' ? 20 : 50;
  const sharedHash = await hashPassword(faker.internet.password({ length: 24 }));
  for (let n = 1; n <= count; n++) {
    const code = `area-${String(n).padStart(3, '0')}`;
    if (await exists(owner, code)) continue;
    await owner.transaction().execute(async (tx) => {
      const p = await tx.insertInto('partnership').values({ code, name: `${faker.location.county()} ${n}` }).returning('id').executeTakeFirstOrThrow();
      for (const kind of AGENCY_KINDS) {
        const agency = await tx.insertInto('agency').values({ partnership_id: p.id, name: `${faker.location.city()} ${kind} ${n}`, kind }).returning('id').executeTakeFirstOrThrow();
        const rows = Array.from({ length: usersPerAgency }, (_, i) => ({
          partnership_id: p.id, agency_id: agency.id, email: `user${i}.${kind}.${code}@synthetic.example`,
          display_name: faker.person.fullName(), role: ROLES[i % ROLES.length]!, password_hash: sharedHash, totp_secret: newTotpSecret(),
        }));
        await tx.insertInto('app_user').values(rows).execute();
        users += rows.length;
      }
    });
    partnerships++;
  }
  return { partnerships, users };
}

async function exists(owner: Kysely<Database>, code: string): Promise<boolean> {
  return Boolean(await owner.selectFrom('partnership').select('id').where('code', '=', code).executeTakeFirst());
}

export async function isEmpty(owner: Kysely<Database>): Promise<boolean> {
  return !(await owner.selectFrom('partnership').select('id').limit(1).executeTakeFirst());
}
