// One time-skipping environment and one bundled worker per test file.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll } from 'vitest';
import { bundleWorkflowCode, DefaultLogger, makeTelemetryFilterString, Runtime, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as activities from '../fixtures/activities.js';
import { testServerExecutable } from '../../src/testing.js';

// Only warnings and errors from the SDK, one line each: the fixtures fail activities and
// workflows on purpose, and a whole error object per failure would be most of the output.
Runtime.install({
  logger: new DefaultLogger('WARN', ({ level, message, meta }) => {
    const m = (meta ?? {}) as Record<string, unknown>;
    const where = [m.workflowType, m.activityType].filter((v) => typeof v === 'string').join(' ');
    const error = m.error instanceof Error ? `: ${m.error.message.split('\n')[0]}` : '';
    process.stderr.write(`[sdk ${level}] ${message}${where ? ` (${where})` : ''}${error}\n`);
  }),
  // The Rust core's own lines through the same logger.
  telemetryOptions: { logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'WARN' }) } },
});

export const workflowsPath = fileURLToPath(new URL('../fixtures/workflows.ts', import.meta.url));

let bundle: Promise<{ code: string }> | undefined;
/** The fixtures' workflow bundle, built once and cached on disk for the other test files. */
export function workflowBundle(): Promise<{ code: string }> {
  bundle ??= (async () => {
    const hash = createHash('sha256').update(readFileSync(workflowsPath)).update(readFileSync(fileURLToPath(new URL('../fixtures/activities.ts', import.meta.url)))).digest('hex').slice(0, 16);
    const cached = join(tmpdir(), `devserver-test-bundle-${hash}.js`);
    if (existsSync(cached)) return { code: readFileSync(cached, 'utf8') };
    const built: WorkflowBundleWithSourceMap = await bundleWorkflowCode({ workflowsPath, logger: quietLogger });
    writeFileSync(`${cached}.${process.pid}`, built.code);
    renameSync(`${cached}.${process.pid}`, cached); // atomic: parallel test files never read half a file
    return { code: built.code };
  })();
  return bundle;
}

const noop = (): void => {};
export const quietLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop };

export async function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: testServerExecutable() } });
}

export async function localEnv(extra: { searchAttributes?: never; extraArgs?: string[] } = {}): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({ server: { executable: testServerExecutable(), extraArgs: extra.extraArgs } });
}

export async function startWorker(env: TestWorkflowEnvironment, taskQueue: string): Promise<Worker> {
  return Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities });
}

/**
 * One wall-clock dev server (createLocal) for the enclosing describe: started before its tests,
 * handed to `ready`, torn down after them.
 */
export function localSuite(ready: (env: TestWorkflowEnvironment) => void, extraArgs?: string[]): void {
  let env: TestWorkflowEnvironment | undefined;
  beforeAll(async () => {
    env = await localEnv({ extraArgs });
    ready(env);
  });
  afterAll(async () => {
    await env?.teardown();
  });
}

/**
 * One time-skipping server and one running worker on `taskQueue` for the test file: started
 * before its tests, the environment handed to `ready`, and both stopped after them.
 */
export function timeSkippingSuite(taskQueue: string, ready: (env: TestWorkflowEnvironment) => void): void {
  let env: TestWorkflowEnvironment | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  beforeAll(async () => {
    env = await timeSkippingEnv();
    worker = await startWorker(env, taskQueue);
    running = worker.run();
    ready(env);
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });
}
