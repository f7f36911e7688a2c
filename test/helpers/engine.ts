/**
 * The whole engine on loopback for end-to-end tests: a fresh database, a real SMTP server, the
 * call-centre simulator, a letter-shop folder, the engine's HTTP endpoint, and a real SDK worker
 * against the development server in time-skipping mode. Everything real but the clock.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createCallCentreClient } from '../../adapters/call-centre.js';
import { createFolderLetterShop } from '../../adapters/letter-shop.js';
import { createSmtpMailer } from '../../adapters/mailer.js';
import { createActivities } from '../../activities/index.js';
import { createAdminActivities } from '../../activities/campaign-admin.js';
import { createLaunchActivities } from '../../activities/launch.js';
import type { AllActivities } from '../../activities/types.js';
import { startApi, type RunningApi } from '../../api/server.js';
import type { CampaignClient } from '../../client/start.js';
import { testConfig, type Config } from '../../lib/config.js';
import { silentLogger } from '../../lib/logger.js';
import { createRenderer } from '../../render/index.js';
import { startCallCentreSimulator, type CallCentreSimulator } from '../../simulators/call-centre.js';
import { createCampaignWorker } from '../../worker/create-worker.js';
import { registerSearchAttributes } from '../../worker/search-attributes.js';
import { freshDatabase, type TestDatabase } from './postgres.js';
import { startSmtpCapture, type SmtpCapture } from './smtp.js';
import { startTimeSkippingServer, workflowBundle } from './temporal.js';

export interface TestEngine {
  env: TestWorkflowEnvironment;
  db: TestDatabase;
  smtp: SmtpCapture;
  calls: CallCentreSimulator;
  api: RunningApi;
  config: Config;
  letterShopDir: string;
  activities: AllActivities;
  client: CampaignClient;
  /**
   * A client whose result() waits in real time with the virtual clock held, for flows driven by
   * events from outside (call outcomes, replies); `env.sleep` skips the waits in between.
   */
  realtime: Client;
  taskQueue: string;
  /** Runs `fn` while a worker polls; a fresh worker each call (as after a restart). */
  withWorker<T>(fn: (worker: Worker) => Promise<T>): Promise<T>;
  /** Files the letter shop received, by name. */
  printFiles(): Promise<string[]>;
  readPrintFile(name: string): Promise<Buffer>;
  close(): Promise<void>;
}

let queueCounter = 0;

export interface TestEngineOptions {
  smtpTimeoutMs?: number;
  /** Further settings of the worker's activities, e.g. { DELIVERY_LEASE_SECONDS: '1' }. */
  config?: Partial<Record<keyof Config, string>>;
}

export async function startTestEngine(options: TestEngineOptions = {}): Promise<TestEngine> {
  const env = await startTimeSkippingServer();
  const db = await freshDatabase();
  const smtp = await startSmtpCapture();
  const calls = await startCallCentreSimulator();
  const letterShopDir = await mkdtemp(join(tmpdir(), 'ce-letter-shop-'));
  const taskQueue = `campaign-test-${process.pid}-${++queueCounter}`;
  await registerSearchAttributes(env.client.connection, env.namespace ?? 'default');

  // The API is up first: its URL is where call outcomes and reply URLs point.
  const api = await startApi({ temporal: env.client, pool: db.pool, unsubscribeSecret: 'x'.repeat(40), taskQueue, log: silentLogger }, 0);
  const config = testConfig({
    SMTP_HOST: smtp.host,
    SMTP_PORT: String(smtp.port),
    SMTP_TIMEOUT_MS: String(options.smtpTimeoutMs ?? 3000),
    PUBLIC_BASE_URL: api.url,
    UNSUBSCRIBE_SECRET: 'x'.repeat(40),
    CALL_CENTRE_URL: calls.url,
    LETTER_SHOP_DIR: letterShopDir,
    TASK_QUEUE: taskQueue,
    ...options.config,
  });
  const mailer = createSmtpMailer(config, silentLogger);
  const client: CampaignClient = { temporal: env.client, pool: db.pool, taskQueue };
  const activityDeps = {
    pool: db.pool,
    mailer,
    letterShop: createFolderLetterShop(letterShopDir),
    callService: createCallCentreClient({ baseUrl: calls.url, timeoutMs: 2000 }),
    renderer: createRenderer(),
    config,
    log: silentLogger,
  };
  const activities: AllActivities = {
    ...createActivities(activityDeps),
    ...createAdminActivities({ ...client, config }),
    ...createLaunchActivities({ ...activityDeps, temporal: env.client, taskQueue }),
  };
  const bundle = await workflowBundle();

  return {
    env,
    db,
    smtp,
    calls,
    api,
    config,
    letterShopDir,
    activities,
    client,
    realtime: new Client({ connection: env.connection, namespace: env.namespace ?? 'default' }),
    taskQueue,
    async withWorker(fn) {
      const worker = await createCampaignWorker({
        connection: env.nativeConnection,
        namespace: env.namespace ?? 'default',
        taskQueue,
        activities,
        workflowBundle: bundle,
      });
      return worker.runUntil(fn(worker));
    },
    printFiles: async () => (await readdir(letterShopDir, { recursive: true })).map(String).sort(),
    readPrintFile: (name) => readFile(join(letterShopDir, name)),
    async close() {
      mailer.close();
      await api.close();
      await calls.close();
      await smtp.close();
      await db.close();
      await env.teardown();
      await rm(letterShopDir, { recursive: true, force: true });
    },
  };
}
