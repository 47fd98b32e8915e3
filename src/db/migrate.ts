import { promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';

// Forward-only: there are no `down` migrations. A mistake is fixed by a new migration.
// Every `NNNN-name.ts` file in migrations/, or in a module's folder beside the capability it serves, is a
// migration, known by its file name without the extension ('0072-two-administrators'), the name recorded in
// schema_migration: adding a migration is adding its file. A name is a migration's identity for ever, so two
// files of one name refuse to start. The files are imported from here rather than by Kysely's
// FileMigrationProvider, so that the loader running this file (tsx, the test runner) also loads them.
export const MIGRATIONS_DIR = path.join(import.meta.dirname, 'migrations');
const MODULES_DIR = path.join(import.meta.dirname, '..', 'modules');
const MIGRATION_FILE = /^\d{4}-[a-z0-9-]+\.ts$/;

async function migrationFilesIn(dir: string, deep: boolean): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && deep) files.push(...(await migrationFilesIn(full, deep)));
    else if (entry.isFile() && MIGRATION_FILE.test(entry.name)) files.push(full);
  }
  return files;
}

/** Each migration's name and file, in name order. */
export async function migrationFiles(
  dirs = { central: MIGRATIONS_DIR, modules: MODULES_DIR },
): Promise<Map<string, string>> {
  const found = [...(await migrationFilesIn(dirs.central, false)), ...(await migrationFilesIn(dirs.modules, true))];
  const byName = new Map<string, string>();
  for (const file of found) {
    const name = path.basename(file, '.ts');
    const first = byName.get(name);
    if (first) throw new Error(`Two migrations are named ${name}: ${first} and ${file}`);
    byName.set(name, file);
  }
  return new Map([...byName].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export const migrationNames = async (): Promise<string[]> => [...(await migrationFiles()).keys()];

const provider: MigrationProvider = {
  getMigrations: async () =>
    Object.fromEntries(
      await Promise.all(
        [...(await migrationFiles())].map(async ([name, file]) => {
          const migration = (await import(pathToFileURL(file).href)) as Migration;
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
