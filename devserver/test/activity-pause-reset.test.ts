// PauseActivity, UnpauseActivity, ResetActivity and UpdateActivityOptions, driven through the workflow service as a user
// (or the CLI) would, against a real SDK worker whose activity learns of them from its heartbeats.
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localSuite, startWorker } from './helpers/env.js';

const { PendingActivityState } = temporal.api.enums.v1;
const taskQueue = `pause-${randomUUID()}`;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('activity pause, unpause, reset and options', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  localSuite((ready) => (env = ready));
  beforeAll(async () => {
    worker = await startWorker(env, taskQueue);
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
  });

  const pending = async (handle: WorkflowHandle) => {
    const raw = await env.client.workflowService.describeWorkflowExecution({ namespace: 'default', execution: { workflowId: handle.workflowId } });
    return raw.pendingActivities?.[0];
  };
  /** Waits until the workflow's one pending activity is in `state` (and, if given, at `attempt`). */
  const until = async (handle: WorkflowHandle, state: number, attempt?: number) => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const a = await pending(handle);
      if (a?.state === state && (attempt === undefined || a.attempt === attempt)) return a;
      if (Date.now() > deadline) throw new Error(`activity never reached state ${state}: ${JSON.stringify(a)}`);
      await sleep(50);
    }
  };
  const execution = (handle: WorkflowHandle) => ({ namespace: 'default', execution: { workflowId: handle.workflowId } });

  it('pauses a running activity: its heartbeat says so, its failed attempt waits, and unpausing runs the next', async () => {
    const handle = await env.client.workflow.start('runsPausable', { taskQueue, workflowId: `pause-${randomUUID()}` });
    await until(handle, PendingActivityState.PENDING_ACTIVITY_STATE_STARTED);
    const svc = env.client.workflowService;
    await svc.pauseActivity({ ...execution(handle), id: '1', identity: 'operator', reason: 'supplier down', requestId: 'p-1' });
    // The same request again is fine; another pause is refused while paused.
    await svc.pauseActivity({ ...execution(handle), id: '1', identity: 'operator', reason: 'supplier down', requestId: 'p-1' });
    await expect(svc.pauseActivity({ ...execution(handle), id: '1', requestId: 'p-2' })).rejects.toMatchObject({ code: 9 /* FAILED_PRECONDITION */ });

    // The worker's attempt ends with 'Activity paused'; the next attempt is not offered.
    const paused = await until(handle, PendingActivityState.PENDING_ACTIVITY_STATE_PAUSED, 2);
    expect(paused.paused).toBe(true);
    expect(paused.pauseInfo?.manual).toMatchObject({ identity: 'operator', reason: 'supplier down' });
    expect(paused.lastFailure?.message).toBe('Activity paused');
    await sleep(300);
    expect((await pending(handle))?.state).toBe(PendingActivityState.PENDING_ACTIVITY_STATE_PAUSED);

    await svc.unpauseActivity({ ...execution(handle), id: '1' });
    expect(await handle.result()).toBe('attempt 2 after 1 run(s)');
  });

  it('resets a running activity: its heartbeat says so and the next attempt is the first again', async () => {
    const handle = await env.client.workflow.start('runsPausable', { taskQueue, workflowId: `reset-${randomUUID()}` });
    await until(handle, PendingActivityState.PENDING_ACTIVITY_STATE_STARTED);
    await env.client.workflowService.resetActivity({ ...execution(handle), type: 'pausable' });
    expect(await handle.result()).toBe('attempt 1 after 1 run(s)');
  });

  it('resets an activity in retry backoff: the first attempt runs again at once', async () => {
    const handle = await env.client.workflow.start('retriesHourly', { taskQueue, workflowId: `reset-backoff-${randomUUID()}` });
    const before = await until(handle, PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED, 2);
    const failedAt = Number(before.lastAttemptCompleteTime!.seconds) * 1000 + before.lastAttemptCompleteTime!.nanos! / 1e6;
    await sleep(50);
    await env.client.workflowService.resetActivity({ ...execution(handle), id: '1' });
    const deadline = Date.now() + 10_000;
    let after = await pending(handle);
    while (Number(after!.lastAttemptCompleteTime!.seconds) * 1000 + after!.lastAttemptCompleteTime!.nanos! / 1e6 === failedAt && Date.now() < deadline) {
      await sleep(50);
      after = await pending(handle);
    }
    // It failed again as attempt 1, and waits an hour for attempt 2, as before the reset.
    expect(after!.attempt).toBe(2);
    expect(after!.lastFailure?.message).toBe('attempt 1 failed');
    expect(Number(after!.lastAttemptCompleteTime!.seconds) * 1000 + after!.lastAttemptCompleteTime!.nanos! / 1e6).toBeGreaterThan(failedAt);
    await handle.terminate();
  });

  it('updates an activity\'s options: its retry backoff follows the new policy, and the original can be restored', async () => {
    const handle = await env.client.workflow.start('retriesHourly', { taskQueue, workflowId: `options-${randomUUID()}` });
    const before = await until(handle, PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED, 2);
    expect(before.activityOptions?.retryPolicy?.maximumAttempts).toBe(5);
    const svc = env.client.workflowService;
    // Restoring the original options changes nothing here.
    const restored = await svc.updateActivityOptions({ ...execution(handle), id: '1', restoreOriginal: true });
    expect(restored.activityOptions?.retryPolicy?.maximumAttempts).toBe(5);
    const updated = await svc.updateActivityOptions({
      ...execution(handle),
      id: '1',
      activityOptions: { retryPolicy: { initialInterval: { nanos: 10_000_000 }, maximumAttempts: 3 } },
      updateMask: { paths: ['retry_policy.initial_interval', 'retry_policy.maximum_attempts'] },
    });
    expect(updated.activityOptions?.retryPolicy).toMatchObject({ maximumAttempts: 3, initialInterval: { nanos: 10_000_000 } });
    // The hour-long backoff is gone: attempts 2 and 3 run now, and the third is the last.
    const err = await handle.result().catch((e: unknown) => e);
    expect(err).toMatchObject({ cause: { retryState: 'MAXIMUM_ATTEMPTS_REACHED', cause: { message: 'attempt 3 failed' } } });
    await expect(svc.updateActivityOptions({ ...execution(handle), id: '1', restoreOriginal: true })).rejects.toMatchObject({ code: 5 /* NOT_FOUND: the run is closed */ });
  });

  it('answers NOT_FOUND for an activity id the workflow does not have', async () => {
    const handle = await env.client.workflow.start('counter', { taskQueue: `${taskQueue}-idle`, workflowId: `none-${randomUUID()}` });
    await expect(env.client.workflowService.pauseActivity({ ...execution(handle), id: 'nope' })).rejects.toMatchObject({ code: 5 /* NOT_FOUND */ });
    await handle.terminate();
  });
});
