import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/config.ts';
import { bootstrap } from '../../src/bootstrap.ts';
import type { Databases } from '../../src/db/connection.ts';

export interface TestApp {
  app: FastifyInstance;
  dbs: Databases;
  config: Config;
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * A real app on a real, empty database with the demo data: in-memory PGlite
 * by default, or a fresh database on the PostgreSQL server named by
 * DATABASE_URL (CI runs the suite both ways). Each test file gets its own.
 */
export async function startTestApp(
  options: { listen?: boolean; env?: Record<string, string>; logStream?: { write(line: string): void } } = {},
): Promise<TestApp> {
  const serverUrl = process.env.DATABASE_URL;
  let dropDatabase = async () => undefined as void;
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: ':memory:',
    DEMO_DATA: 'true',
    ...options.env,
  };
  if (serverUrl) {
    const name = `wp_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    // Wait for the app's pools to finish closing; forcing the drop while a client is still ending
    // makes that client report "terminating connection" as an unhandled error.
    dropDatabase = async () => {
      for (let attempt = 0; attempt < 50; attempt++) {
        try {
          return await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name}`);
        } catch (error) {
          if ((error as { code?: string }).code !== '55006') throw error; // object in use
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    };
  } else {
    delete env.DATABASE_URL;
  }
  const port = options.listen ? await freePort() : 3000;
  const config = loadConfig({ ...env, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` });
  if (options.logStream) config.logStream = options.logStream;
  const { app, dbs } = await bootstrap(config);
  if (options.listen) await app.listen({ port, host: '127.0.0.1' });
  else await app.ready();
  return {
    app,
    dbs,
    config,
    baseUrl: config.publicUrl,
    close: async () => {
      await app.close();
      await dropDatabase();
    },
  };
}

/** One statement on the PostgreSQL server itself (creating or dropping a test database). */
export async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
