/**
 * The worker process: connects to TEMPORAL_ADDRESS (the development server by default, a real
 * Temporal Service in production), registers every workflow and activity on TASK_QUEUE, and
 * shuts down gracefully on SIGINT/SIGTERM, letting sends in flight finish and record.
 */
import { DefaultLogger, NativeConnection, Runtime, type LogLevel } from '@temporalio/worker';
import { connectTemporal, temporalTarget } from '../client/temporal.js';
import { openDatabase } from '../db/pool.js';
import { loadConfig } from '../lib/config.js';
import { keepStopGraceful } from '../lib/graceful-stop.js';
import { createLogger } from '../lib/logger.js';
import { buildActivities } from './activity-deps.js';
import { createCampaignWorker } from './create-worker.js';
import { registerSearchAttributes } from './search-attributes.js';

/** The SDK logger's level for our LOG_LEVEL (it has no fatal or silent). */
const SDK_LEVEL: Record<string, LogLevel> = { fatal: 'ERROR', error: 'ERROR', warn: 'WARN', info: 'INFO', debug: 'DEBUG', trace: 'TRACE', silent: 'ERROR' };

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config, 'campaign-worker');
  Runtime.install({
    logger: new DefaultLogger(SDK_LEVEL[config.LOG_LEVEL]),
    // One Prometheus endpoint for the SDK's metrics and the engine's (activities/metrics.ts).
    ...(config.METRICS_BIND_ADDRESS ? { telemetryOptions: { metrics: { prometheus: { bindAddress: config.METRICS_BIND_ADDRESS } } } } : {}),
  });
  keepStopGraceful((signal) => {
    log.warn({ signal }, 'forced to stop before the sends in flight finished; they are retried under their own keys');
    process.exit(130);
  });
  const db = await openDatabase(config, log);
  let connection: NativeConnection | undefined;
  let built: ReturnType<typeof buildActivities> | undefined;
  const target = temporalTarget(config);
  const temporal = await connectTemporal(target);
  try {
    await registerSearchAttributes(temporal.connection, config.TEMPORAL_NAMESPACE);
    connection = await NativeConnection.connect({ address: target.address, tls: target.tls, apiKey: target.apiKey });
    built = buildActivities(config, db, temporal, log);
    const worker = await createCampaignWorker({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TASK_QUEUE,
      activities: built.activities,
    });
    log.info({ address: config.TEMPORAL_ADDRESS, taskQueue: config.TASK_QUEUE }, 'worker running');
    await worker.run(); // returns after SIGINT/SIGTERM once in-flight tasks are done
  } finally {
    built?.close();
    await connection?.close();
    await temporal.connection.close();
    await db.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`campaign-worker: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
