// A client sharing its worker's NativeConnection gets eager workflow start, and in time-skipping
// mode the test environment's sleep works from inside an activity, as the SDK's own tests use it.
import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import * as activities from './fixtures/activities.js';
import { localSuite, startWorker, timeSkippingEnv, workflowBundle } from './helpers/env.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('eager workflow start on a shared NativeConnection', () => {
  let env: TestWorkflowEnvironment;
  localSuite((ready) => (env = ready));

  it('hands the first workflow task to the starting client\'s worker even while that worker is polling', async () => {
    const taskQueue = `eager-${randomUUID()}`;
    const client = new Client({ connection: env.nativeConnection, namespace: 'default' });
    const worker = await startWorker(env, taskQueue);
    await worker.runUntil(async () => {
      await sleep(300); // the worker's polls are open on the queue
      const handle = await client.workflow.start('echo', { args: ['eager'], taskQueue, workflowId: `eager-${randomUUID()}`, requestEagerStart: true, workflowTaskTimeout: '1h' });
      expect(handle.eagerlyStarted).toBe(true);
      expect(await handle.result()).toBe('eager');
      // The first task went to the starter, never through a poll: one task, completed at once.
      const { events } = await handle.fetchHistory();
      expect(events!.filter((e) => e.workflowTaskScheduledEventAttributes)).toHaveLength(1);
      expect(events!.some((e) => e.workflowTaskTimedOutEventAttributes)).toBe(false);
    });
  });
});

describe('the time-skipping environment\'s sleep called from an activity', () => {
  it('returns, and time skipping goes on after it', async () => {
    const env = await timeSkippingEnv();
    try {
      const taskQueue = `clock-${randomUUID()}`;
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowBundle: await workflowBundle(),
        activities: { ...activities, envSleep: (ms: number) => env.sleep(ms) },
      });
      const before = await env.currentTimeMs();
      const started = Date.now();
      // The activity sleeps a minute on the test clock; the workflow then sleeps a day.
      const result = await worker.runUntil(env.client.workflow.execute('activitySleepsOnTestClock', { args: [60_000], taskQueue, workflowId: `clock-${randomUUID()}` }));
      expect(result).toBe('slept');
      expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(24 * 3_600_000 + 60_000);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await env.teardown();
    }
  });
});
