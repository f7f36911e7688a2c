/**
 * `npm start`: the engine on its embedded defaults, with no external service. Starts the
 * development server (state in .data/temporal.db), embedded Postgres (.data/postgres), an SMTP
 * outbox keeping every message as .eml (.data/outbox), the call-centre simulator, the engine's
 * HTTP endpoint and the worker; loads the sample data on a fresh database and runs the sample
 * campaigns. Ctrl-C stops everything; a second `npm start` carries on where the first stopped.
 */
import { resolve } from 'node:path';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { buildConsoleUi } from '../api/console/build-ui.js';
import { startApi } from '../api/server.js';
import { ensureFirstManager } from '../client/users.js';
import { connectTemporal, temporalTarget } from '../client/temporal.js';
import { openDatabase } from '../db/pool.js';
import { loadConfig } from '../lib/config.js';
import { keepStopGraceful } from '../lib/graceful-stop.js';
import { createLogger } from '../lib/logger.js';
import { startCallCentreSimulator } from '../simulators/call-centre.js';
import { startSmtpOutbox } from '../simulators/smtp-outbox.js';
import { buildActivities } from '../worker/activity-deps.js';
import { createCampaignWorker } from '../worker/create-worker.js';
import { registerSearchAttributes } from '../worker/search-attributes.js';
import { startDevserver, type DevserverProcess } from './devserver-process.js';
import { loadSampleData } from './sample-data.js';
import { reportWhenDone, runSampleCampaigns } from './sample-run.js';

const say = (line: string) => process.stdout.write(`campaign-engine: ${line}\n`);
const OUTBOX_DIR = '.data/outbox';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger({ LOG_LEVEL: process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn' });
  // The SDK's own logs (bundling, worker state) only when asked for.
  Runtime.install({
    logger: new DefaultLogger(process.env.LOG_LEVEL === 'debug' ? 'DEBUG' : 'WARN'),
    ...(config.METRICS_BIND_ADDRESS ? { telemetryOptions: { metrics: { prometheus: { bindAddress: config.METRICS_BIND_ADDRESS } } } } : {}),
  });
  keepStopGraceful(() => {
    say('forced to stop (a second Ctrl-C); npm start carries on from here');
    process.exit(130);
  });
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  const stopped = new AbortController();
  try {
    let devserver: DevserverProcess | undefined;
    if (!process.env.TEMPORAL_ADDRESS) {
      const port = Number(config.TEMPORAL_ADDRESS.split(':').pop());
      devserver = await startDevserver({ port, dbFile: '.data/temporal.db', namespace: config.TEMPORAL_NAMESPACE });
      cleanups.push(() => devserver?.stop());
      say(`development server on ${devserver.address} (state in .data/temporal.db)`);
    }
    const db = await openDatabase(config, log);
    cleanups.push(() => db.close());
    say(`database: ${db.location}`);

    const outbox = await startSmtpOutbox({
      dir: OUTBOX_DIR,
      port: config.SMTP_PORT,
      host: config.SMTP_HOST,
      onError: (err) => log.debug({ err }, 'smtp outbox connection error'),
    });
    cleanups.push(() => outbox.close());
    const calls = await startCallCentreSimulator({ port: Number(new URL(config.CALL_CENTRE_URL).port), delayMs: 3000, callbackSecret: config.CALL_CENTRE_CALLBACK_SECRET });
    cleanups.push(() => calls.close());

    const target = temporalTarget(config);
    const temporal = await connectTemporal(target);
    cleanups.push(() => temporal.connection.close());
    await registerSearchAttributes(temporal.connection, config.TEMPORAL_NAMESPACE);
    // The console's front-end is built on the first start (and after its sources change).
    if (await buildConsoleUi()) say('console front-end built');
    const api = await startApi(
      { temporal, pool: db.pool, unsubscribeSecret: config.UNSUBSCRIBE_SECRET, taskQueue: config.TASK_QUEUE, log, config },
      Number(new URL(config.PUBLIC_BASE_URL).port),
      new URL(config.PUBLIC_BASE_URL).hostname,
    );
    cleanups.push(() => api.close());

    const connection = await NativeConnection.connect({ address: target.address, tls: target.tls, apiKey: target.apiKey });
    cleanups.push(() => connection.close());
    const built = buildActivities(config, db, temporal, log);
    cleanups.push(() => built.close());
    const worker = await createCampaignWorker({ connection, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TASK_QUEUE, activities: built.activities });
    const running = worker.run();

    const imported = await loadSampleData(db.pool);
    if (imported) {
      say(`sample data loaded: ${imported.imported} prospects imported, ${imported.invalid} bad row(s) reported:`);
      for (const e of imported.errors) say(`  line ${e.row}, ${e.field}: ${e.reason}`);
    }
    const client = { temporal, pool: db.pool, taskQueue: config.TASK_QUEUE };
    const unfinished = await runSampleCampaigns(client, say);
    say('where to look:');
    say(`  e-mails (.eml, open in any mail program)  ${resolve(OUTBOX_DIR)}`);
    say(`  print jobs (merged PDF + manifest CSV)    ${resolve(config.LETTER_SHOP_DIR)}`);
    say(`  call tasks at the simulated call centre   ${calls.url}/tasks`);
    say(`  reply cards answer at                     ${api.url}/r/<response code>`);
    say(`  the console for the team                  ${api.url}/console`);
    const firstManager = await ensureFirstManager(db.pool);
    if (firstManager) {
      say(`  first login (shown once; more users: npm run campaign -- users add)  ${firstManager.email}  ${firstManager.password}`);
    }
    say('  the funnel                                npm run campaign -- status sample-leads');
    say(
      unfinished
        ? 'the sample campaigns finish in about five minutes; Ctrl-C stops the engine, npm start resumes it'
        : 'the sample campaigns have run; Ctrl-C stops the engine',
    );
    void reportWhenDone(temporal, client, say, stopped.signal).catch((err: Error) => log.warn({ err }, 'report failed'));
    await running; // until Ctrl-C: the worker's own signal handling shuts it down gracefully
    stopped.abort();
    say('stopped');
  } finally {
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`campaign-engine: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
