import { promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';

// Forward-only: there are no `down` migrations. A mistake is fixed by a new migration.
// Every `NNNN-name.ts` file in migrations/ is a migration, known by its file name without the extension
// ('0072-two-administrators'), the name recorded in schema_migration: adding a migration is adding its file.
// The files are imported from here rather than by Kysely's FileMigrationProvider, so that the loader running
// this file (tsx, the test runner) also loads them.
export const MIGRATIONS_DIR = path.join(import.meta.dirname, 'migrations');
const MIGRATION_FILE = /^\d{4}-[a-z0-9-]+\.ts$/;

export async function migrationNames(): Promise<string[]> {
  return (await fs.readdir(MIGRATIONS_DIR))
    .filter((f) => MIGRATION_FILE.test(f))
    .map((f) => f.slice(0, -'.ts'.length))
    .sort();
}

const provider: MigrationProvider = {
  getMigrations: async () =>
    Object.fromEntries(
      await Promise.all(
        (await migrationNames()).map(async (name) => {
          const migration = (await import(pathToFileURL(path.join(MIGRATIONS_DIR, `${name}.ts`)).href)) as Migration;
          if (typeof migration.up !== 'function') throw new Error(`Migration ${name} has no up()`);
          return [name, migration] as const;
        }),
      ),
    ),
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
export async function migrateToLatest(owner: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({
    db: owner,
    provider,
    migrationTableName: 'schema_migration',
    migrationLockTableName: 'schema_migration_lock',
    // Capabilities are built in parallel and their migrations are independent, so one may land after a higher-numbered one.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
