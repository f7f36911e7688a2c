// Assembles the engine and the gRPC services, and starts listening.
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { VirtualClock } from './clock/virtual-clock.js';
import { registerActivityTimers } from './engine/activities.js';
import type { Engine, EngineSettings, LogLevel } from './engine/context.js';
import { registerLifecycleTimers } from './engine/lifecycle.js';
import { LiveWaiters } from './engine/live-waiters.js';
import { Matching } from './engine/matching.js';
import { TimerService } from './engine/timer-service.js';
import { registerUserTimers } from './engine/wft-completion.js';
import { registerWorkflowTaskTimers } from './engine/workflow-tasks.js';
import { installFastDecompression } from './grpc/fast-decompress.js';
import { addService, type ServerHooks } from './grpc/server.js';
import { startIdleTrim } from './idle-trim.js';
import { activityHandlers } from './handlers/activity-handlers.js';
import { executionHandlers } from './handlers/execution-handlers.js';
import { historyHandlers } from './handlers/history-handlers.js';
import { multiOperationHandlers } from './handlers/multi-operation.js';
import { namespaceHandlers, registerNamespace } from './handlers/namespace-handlers.js';
import { operatorHandlers } from './handlers/operator-handlers.js';
import { startHandlers } from './handlers/start-handlers.js';
import { taskHandlers } from './handlers/task-handlers.js';
import { testServiceHandlers } from './handlers/test-service.js';
import { restoreRuns } from './restore.js';
import { scheduleHandlers, registerScheduleTimers } from './schedules/schedule-handlers.js';
import { StateStore } from './store/state-store.js';
import { openSqliteBackend } from './store/sqlite-backend.js';
import { visibilityHandlers } from './visibility/visibility-handlers.js';
import { acceptUnknownAttributes, addCustomAttributes } from './visibility/search-attributes.js';

export interface DevServerOptions {
  port: number;
  ip: string;
  namespaces: string[];
  timeSkipping: boolean;
  dbFile?: string;
  searchAttributes?: Record<string, number>;
  logLevel?: LogLevel;
  /**
   * Give memory back after bursts with full collections when idle (see idle-trim.ts). The
   * executable turns it on; a process that embeds the server keeps its own collector settings.
   */
  trimMemoryWhenIdle?: boolean;
  /** Dynamic-config values it acts on (`--dynamic-config-value K=V`); the others are accepted and ignored. */
  dynamicConfig?: Record<string, unknown>;
}

/** The dynamic-config values the server acts on; keys are case-insensitive, as on the real server. */
function settingsOf(dynamicConfig: Record<string, unknown>): EngineSettings {
  const value = (key: string): unknown => Object.entries(dynamicConfig).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
  const positive = (key: string, fallback: number): number => {
    const v = Number(value(key));
    return Number.isFinite(v) && v > 0 ? v : fallback;
  };
  return {
    cancelWorkerPollsOnShutdown: value('frontend.enableCancelWorkerPollsOnShutdown') === true,
    // The real server's defaults: 4 MiB and 4,096 events.
    suggestContinueAsNewHistorySize: positive('limit.historySize.suggestContinueAsNew', 4 * 1024 * 1024),
    suggestContinueAsNewHistoryCount: positive('limit.historyCount.suggestContinueAsNew', 4 * 1024),
  };
}

export interface RunningServer {
  port: number;
  engine: Engine;
  stop(): Promise<void>;
}

const LEVELS: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export async function startDevServer(opts: DevServerOptions): Promise<RunningServer> {
  const minLevel = LEVELS[opts.logLevel ?? 'warn'] ?? 2;
  const log = (level: LogLevel, message: string): void => {
    if (LEVELS[level] >= minLevel) process.stderr.write(`${new Date().toISOString()} ${level} ${message}\n`);
  };
  const store = new StateStore(opts.dbFile ? openSqliteBackend(opts.dbFile) : null);
  // The time-skipping server starts with one lock held: skipping waits for a client's unlock.
  const clock = new VirtualClock(opts.timeSkipping, () => store.flush(), opts.timeSkipping ? 1 : 0);
  const timers = new TimerService(store, clock);
  const settings = settingsOf(opts.dynamicConfig ?? {});
  const engine: Engine = { store, clock, matching: new Matching(), live: new LiveWaiters(), timers, log, settings, newId: randomUUID, runClosedHooks: [] };
  acceptUnknownAttributes(opts.timeSkipping);
  registerWorkflowTaskTimers(engine);
  registerActivityTimers(engine);
  registerLifecycleTimers(engine);
  registerUserTimers(engine);
  registerScheduleTimers(engine);

  for (const ns of new Set(['default', ...opts.namespaces])) registerNamespace(engine, ns);
  if (opts.searchAttributes) for (const ns of new Set(['default', ...opts.namespaces])) addCustomAttributes(engine, ns, opts.searchAttributes);
  restoreRuns(engine);
  timers.restore();
  store.flush();

  installFastDecompression();
  const server = new grpc.Server({
    'grpc.max_receive_message_length': 128 * 1024 * 1024,
    'grpc.max_send_message_length': 128 * 1024 * 1024,
    // No channelz service is served here, so its per-call and per-message bookkeeping is for nothing.
    'grpc.enable_channelz': 0,
  });
  const trim = opts.trimMemoryWhenIdle ? startIdleTrim() : null;
  const hooks: ServerHooks = {
    afterCall: () => {
      store.flush();
      trim?.touch();
    },
    log,
  };
  addService(server, 'temporal.api.workflowservice.v1.WorkflowService', {
    ...namespaceHandlers(engine),
    ...startHandlers(engine),
    ...taskHandlers(engine),
    ...executionHandlers(engine),
    ...activityHandlers(engine),
    ...historyHandlers(engine),
    ...multiOperationHandlers(engine),
    ...scheduleHandlers(engine),
    ...visibilityHandlers(engine),
  }, hooks);
  addService(server, 'temporal.api.operatorservice.v1.OperatorService', operatorHandlers(engine), hooks);
  if (opts.timeSkipping) addService(server, 'temporal.api.testservice.v1.TestService', testServiceHandlers(clock), hooks);

  const port = await bind(server, opts.ip, opts.port);
  log('info', `devserver listening on ${opts.ip}:${port}${opts.timeSkipping ? ' (time skipping)' : ''}`);
  return {
    port,
    engine,
    stop: () =>
      new Promise((resolve) => {
        clock.stop();
        trim?.stop();
        server.tryShutdown(() => {
          store.close();
          resolve();
        });
        setTimeout(() => server.forceShutdown(), 1000).unref();
      }),
  };
}

function bindOne(server: grpc.Server, address: string): Promise<number> {
  return new Promise((resolve, reject) => server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port))));
}

/** On localhost, listens on both 127.0.0.1 and ::1 so either resolution reaches the server. */
async function bind(server: grpc.Server, ip: string, port: number): Promise<number> {
  if (ip !== 'localhost') return bindOne(server, `${ip.includes(':') ? `[${ip}]` : ip}:${port}`);
  const bound = await bindOne(server, `127.0.0.1:${port}`);
  await bindOne(server, `[::1]:${bound}`).catch(() => undefined);
  return bound;
}
