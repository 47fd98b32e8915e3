import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Migrator, sql, type Migration } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabases, type Databases } from '../../src/db/connection.ts';
import { MIGRATIONS_DIR, migrateToLatest, migrationFiles, migrationNames } from '../../src/db/migrate.ts';
import { adminQuery } from '../support/test-app.ts';

// The migrator reads the migrations folder. A database brought up to date when migrations were listed by
// hand (these names, recorded in schema_migration) must be recognised: nothing it has run runs again.
const LISTED_BY_HAND = [
  '0001-foundation', '0002-audit', '0003-risk', '0004-api-credentials', '0005-risk-plans', '0006-people',
  '0007-marac', '0008-access', '0009-retention', '0010-marac-population', '0011-marac-linked-repeats',
  '0012-incident-import', '0013-perpetrator-signals', '0014-retention-complete', '0015-marac-return-readers',
  '0010-access-caseload', '0040-audit-about-person', '0016-teams-restricted', '0017-break-glass-bounded',
  '0020-audit-sealing', '0021-sign-in-throttling', '0045-referrals', '0046-worklists', '0065-job-leases',
  '0066-schools', '0067-handover', '0090-retention-by-module', '0060-worklists-unowned-risk',
  '0050-marac-set-based-rls', '0051-supporting-indexes', '0070-accounts-of-their-own',
  '0071-api-credential-lifecycle', '0072-two-administrators', '0095-supporting-indexes-accounts-schools-handover',
]; // prettier-ignore

const serverUrl = process.env.DATABASE_URL;
const name = `wp_migrations_${randomBytes(6).toString('hex')}`;
let dbs: Databases;

beforeAll(async () => {
  if (serverUrl) {
    await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    dbs = await openDatabases({ kind: 'postgres', ownerUrl: url.toString(), appUrl: url.toString() });
  } else {
    dbs = await openDatabases({ kind: 'pglite', dataDir: null });
  }
});
afterAll(async () => {
  await dbs?.close();
  if (serverUrl) await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

const fixtures = path.resolve(import.meta.dirname, '../fixtures/migration-discovery');

describe('the migrator', () => {
  it('finds a migration beside the capability it serves, in a module folder, as well as in migrations/', async () => {
    const found = await migrationFiles({
      central: path.join(fixtures, 'central'),
      modules: path.join(fixtures, 'modules'),
    });
    expect([...found.keys()]).toEqual(['0001-first', '0002-beside-its-pages']);
    expect(found.get('0002-beside-its-pages')).toBe(
      path.join(fixtures, 'modules', 'people', 'disclosures', '0002-beside-its-pages.ts'),
    );
  });

  it('refuses two migrations of one name, wherever they are', async () => {
    await expect(
      migrationFiles({ central: path.join(fixtures, 'central'), modules: path.join(fixtures, 'clash') }),
    ).rejects.toThrow(/Two migrations are named 0001-first/);
  });

  it('knows every migration by the name it had when they were listed by hand', async () => {
    const names = await migrationNames();
    expect(names.filter((n) => LISTED_BY_HAND.includes(n)).sort()).toEqual([...LISTED_BY_HAND].sort());
    expect(new Set(names).size).toBe(names.length);
  });

  it('treats a database migrated from the hand-written list as up to date, running only what is new', async () => {
    const listed: Record<string, Migration> = {};
    for (const n of LISTED_BY_HAND)
      listed[n] = (await import(pathToFileURL(path.join(MIGRATIONS_DIR, `${n}.ts`)).href)) as Migration;
    const old = new Migrator({
      db: dbs.owner,
      provider: { getMigrations: async () => listed },
      migrationTableName: 'schema_migration',
      migrationLockTableName: 'schema_migration_lock',
      allowUnorderedMigrations: true,
    });
    const before = await old.migrateToLatest();
    expect(before.error).toBeUndefined();

    const ran = await migrateToLatest(dbs.owner);
    const added = (await migrationNames()).filter((n) => !LISTED_BY_HAND.includes(n));
    expect(ran.sort()).toEqual(added.sort());
    expect(await migrateToLatest(dbs.owner)).toEqual([]);
    const recorded = await sql<{ name: string }>`SELECT name FROM schema_migration ORDER BY name`.execute(dbs.owner);
    expect(recorded.rows.map((r) => r.name)).toEqual(await migrationNames());
  });
});
