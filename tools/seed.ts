import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { openDatabases } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { seed, type SeedSize } from './synthetic/seed.ts';

// `npm run seed -- --size demo|area|national`: synthetic data only, never real people.
const { values } = parseArgs({ options: { size: { type: 'string', default: 'demo' } } });
const size = values.size as SeedSize;
if (!['demo', 'area', 'national'].includes(size)) {
  console.error('--size must be demo, area or national');
  process.exit(2);
}
const config = loadConfig();
if (config.env === 'production') {
  console.error('Refusing to load synthetic data into a production database');
  process.exit(2);
}
const dbs = await openDatabases(config.database);
try {
  await migrateToLatest(dbs.owner);
  const started = Date.now();
  const result = await seed(dbs.owner, size);
  console.log(
    `seeded ${size}: ${result.partnerships} partnerships, ${result.users} users in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
} finally {
  await dbs.close();
}
