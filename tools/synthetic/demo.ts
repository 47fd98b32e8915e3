import type { Databases } from '../../src/db/connection.ts';
import { isEmpty, seed } from './seed.ts';
import { loadLivingDemo } from './living-demo/index.ts';

/**
 * The demo data `npm start` loads into an empty database: the partnerships,
 * agencies, accounts and people (seed.ts), then the living demo, the work each
 * role finds waiting (living-demo/). Tests start from the accounts and people
 * alone (`living: false`) so that each sets up only what it checks; the demo
 * roles' browser test loads the living demo itself.
 */
export async function loadDemo(dbs: Databases, options: { living: boolean }): Promise<{ loaded: boolean }> {
  if (!(await isEmpty(dbs.owner))) return { loaded: false };
  await seed(dbs.owner, 'demo');
  if (options.living) await loadLivingDemo(dbs);
  return { loaded: true };
}
