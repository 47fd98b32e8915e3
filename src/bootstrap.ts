import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { openDatabases, type Databases } from './db/connection.ts';
import { migrateToLatest } from './db/migrate.ts';
import { buildApp } from './app.ts';
import { configureJobs } from './platform/jobs.ts';
import { loadDemo } from '../tools/synthetic/demo.ts';

/** Opens the database, brings its schema up to date, loads demo data if allowed and empty, builds the app. */
export async function bootstrap(config: Config): Promise<{ app: FastifyInstance; dbs: Databases }> {
  configureJobs(config.jobs);
  const dbs = await openDatabases(config.database);
  try {
    await migrateToLatest(dbs.owner);
    if (config.demoData) await loadDemo(dbs, { living: config.env !== 'test' });
    const app = await buildApp(config, dbs);
    app.addHook('onClose', async () => dbs.close());
    return { app, dbs };
  } catch (error) {
    await dbs.close();
    throw error;
  }
}
