import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

// The boundary rules must catch a wrong import or a misplaced query; each case is
// linted as if it were a file at that path in the tree (nothing is written).
const eslint = new ESLint();
async function rulesBroken(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

describe('the boundary rules', () => {
  it("catch a module reaching into another module's repository", async () => {
    expect(
      await rulesBroken(
        'src/modules/risk/example.ts',
        "import { x } from '../people/repository.ts';\nexport const y = x;\n",
      ),
    ).toContain('whole-picture/module-boundaries');
  });

  it("allow a module to use another module's service", async () => {
    expect(
      await rulesBroken(
        'src/modules/risk/example.ts',
        "import { x } from '../people/service.ts';\nexport const y = x;\n",
      ),
    ).not.toContain('whole-picture/module-boundaries');
  });

  it('catch a route that uses its repository instead of its service', async () => {
    expect(
      await rulesBroken('src/modules/risk/routes.ts', "import { x } from './repository.ts';\nexport const y = x;\n"),
    ).toContain('whole-picture/module-boundaries');
  });

  it('catch a page handler in a journey folder that uses its repository instead of its service', async () => {
    const page = (repository: string) =>
      `import { definePage } from '../../../platform/pages/page.ts';\nimport { x } from '${repository}';\nexport const y = [definePage, x];\n`;
    expect(await rulesBroken('src/modules/marac/meetings/example.ts', page('../repository.ts'))).toContain(
      'whole-picture/module-boundaries',
    );
    expect(await rulesBroken('src/modules/marac/meetings/example.ts', page('../service.ts'))).not.toContain(
      'whole-picture/module-boundaries',
    );
  });

  it('catch a module importing the database connection', async () => {
    expect(
      await rulesBroken(
        'src/modules/risk/example.ts',
        "import { openDatabases } from '../../db/connection.ts';\nexport const y = openDatabases;\n",
      ),
    ).toContain('whole-picture/module-boundaries');
  });

  it('catch SQL outside a repository, and allow it inside one', async () => {
    const query = "export const q = (db: { selectFrom(t: string): unknown }) => db.selectFrom('person');\n";
    expect(await rulesBroken('src/modules/risk/service.ts', query)).toContain('whole-picture/sql-in-repositories');
    expect(await rulesBroken('src/modules/risk/repository.ts', query)).not.toContain(
      'whole-picture/sql-in-repositories',
    );
    // A migration beside its capability writes schema; a file merely in a migration-like folder does not escape.
    const schema =
      "import { sql } from 'kysely';\nexport const up = (db: never) => sql`CREATE TABLE t ()`.execute(db);\n";
    expect(await rulesBroken('src/modules/people/disclosures/0190-disclosures.ts', schema)).not.toContain(
      'whole-picture/sql-in-repositories',
    );
    expect(await rulesBroken('src/modules/people/disclosures/disclosures.ts', schema)).toContain(
      'whole-picture/sql-in-repositories',
    );
  });

  it('catch the owner connection used outside a jobs file', async () => {
    const code = 'export const q = (dbs: { owner: unknown }) => dbs.owner;\n';
    expect(await rulesBroken('src/modules/risk/service.ts', code)).toContain('whole-picture/no-owner-connection');
    expect(await rulesBroken('src/modules/risk/jobs.ts', code)).not.toContain('whole-picture/no-owner-connection');
  });

  it('catch a handler that writes its own audit event instead of declaring it', async () => {
    const code =
      "export const h = async (ctx: { app: { audit: { record(r: unknown, e: unknown): Promise<void> } } }) =>\n  ctx.app.audit.record({}, { action: 'user.invite' });\n";
    expect(await rulesBroken('src/modules/admin/users/example.ts', code)).toContain('no-restricted-syntax');
    expect(await rulesBroken('src/platform/pages/example.ts', code)).not.toContain('no-restricted-syntax');
  });
});
