import { ConfigError, loadConfig } from './config.ts';
import { bootstrap } from './bootstrap.ts';

try {
  const config = loadConfig();
  const { app } = await bootstrap(config);
  await app.listen({ port: config.port, host: config.host });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void app.close().then(() => process.exit(0)));
  }
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78);
  }
  throw error;
}
