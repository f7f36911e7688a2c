/**
 * The engine API's own process, for production (`npm start` runs it beside everything else):
 * the customer pages, the call centre's signed callbacks and the team's console on
 * API_HOST:API_PORT, behind the TLS proxy that PUBLIC_BASE_URL names. The console's front-end is
 * built first when missing or stale. Stops on SIGINT/SIGTERM after the requests in progress are answered.
 */
import { connectTemporal, temporalTarget } from '../client/temporal.js';
import { openDatabase } from '../db/pool.js';
import { loadConfig } from '../lib/config.js';
import { createLogger } from '../lib/logger.js';
import { buildConsoleUi } from './console/build-ui.js';
import { startApi } from './server.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config, 'campaign-api');
  const stop = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const db = await openDatabase(config, log);
  const temporal = await connectTemporal(temporalTarget(config)).catch(async (err: unknown) => {
    await db.close();
    throw err;
  });
  try {
    if (await buildConsoleUi()) log.info('console front-end built');
    const api = await startApi(
      { temporal, pool: db.pool, unsubscribeSecret: config.UNSUBSCRIBE_SECRET, taskQueue: config.TASK_QUEUE, log, config },
      config.API_PORT,
      config.API_HOST,
    );
    log.info({ url: api.url, publicUrl: config.PUBLIC_BASE_URL }, 'api listening');
    const signal = await stop;
    log.info({ signal }, 'api stopping');
    await api.close();
  } finally {
    await temporal.connection.close();
    await db.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`campaign-api: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
