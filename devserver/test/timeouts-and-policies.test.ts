// Activity timeouts, async completion, start delay, run timeouts and request-id idempotency.
import { randomUUID } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import { ActivityFailure, TimeoutFailure, TimeoutType } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { timeSkippingSuite } from './helpers/env.js';

const taskQueue = 'timeouts';
let env: TestWorkflowEnvironment;
const id = (): string => `wf-${randomUUID()}`;

timeSkippingSuite(taskQueue, (ready) => (env = ready));

function timeoutOf(err: unknown): TimeoutType | undefined {
  if (!(err instanceof WorkflowFailedError) || !(err.cause instanceof ActivityFailure)) return undefined;
  const cause = err.cause.cause;
  return cause instanceof TimeoutFailure ? cause.timeoutType : undefined;
}

describe('timeouts and start policies', () => {
  it('times out an activity at start-to-close after its retries', async () => {
    const err = await env.client.workflow.execute('activityTimesOut', { taskQueue, workflowId: id(), args: ['startToClose'] }).catch((e: unknown) => e);
    expect(timeoutOf(err)).toBe(TimeoutType.START_TO_CLOSE);
  });

  it('times out an activity that stops heartbeating', async () => {
    const err = await env.client.workflow.execute('activityTimesOut', { taskQueue, workflowId: id(), args: ['heartbeat'] }).catch((e: unknown) => e);
    expect(timeoutOf(err)).toBe(TimeoutType.HEARTBEAT);
  });

  it('completes an activity asynchronously by workflow and activity id', async () => {
    const handle = await env.client.workflow.start('asyncCompletion', { taskQueue, workflowId: id() });
    for (let i = 0; i < 100 && (await handle.describe()).raw.pendingActivities?.[0]?.state !== 2; i++) await new Promise((r) => setTimeout(r, 20));
    await env.client.activity.complete({ workflowId: handle.workflowId, activityId: 'async-1' }, 'completed from outside');
    expect(await handle.result()).toBe('completed from outside');
  });

  it('honours a start delay on the virtual clock', async () => {
    const before = await env.currentTimeMs();
    const handle = await env.client.workflow.start('trivial', { taskQueue, workflowId: id(), startDelay: '2 days' });
    expect(await handle.result()).toBe('done');
    expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(2 * 86_400_000);
  });

  it('times out a run that outlives its run timeout', async () => {
    const handle = await env.client.workflow.start('counter', { taskQueue, workflowId: id(), workflowRunTimeout: '1 hour' });
    await expect(handle.result()).rejects.toSatisfy((e: unknown) => e instanceof WorkflowFailedError && e.cause instanceof TimeoutFailure);
    expect((await handle.describe()).status.name).toBe('TIMED_OUT');
  });

  it('retries a timed-out run under its retry policy, as a failed one', async () => {
    const workflowId = id();
    const handle = await env.client.workflow.start('stallsOnFirstAttempt', {
      taskQueue,
      workflowId,
      workflowRunTimeout: '1 hour',
      retry: { initialInterval: '1 minute', maximumAttempts: 3 },
    });
    expect(await handle.result()).toBe(2);
    const first = await env.client.workflow.getHandle(workflowId, handle.firstExecutionRunId).describe();
    expect(first.status.name).toBe('TIMED_OUT');
    const { history } = await env.client.workflowService.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId, runId: handle.firstExecutionRunId } });
    // The timed-out run names the run that retries it.
    const timedOut = history?.events?.at(-1)?.workflowExecutionTimedOutEventAttributes;
    expect(timedOut?.newExecutionRunId).toBeTruthy();
  });

  it('returns the same run for a repeated start request id', async () => {
    const workflowId = id();
    const req = { namespace: 'default', workflowId, workflowType: { name: 'counter' }, taskQueue: { name: taskQueue }, requestId: randomUUID(), identity: 'test' };
    const a = await env.client.workflowService.startWorkflowExecution(req);
    const b = await env.client.workflowService.startWorkflowExecution(req);
    expect(b.runId).toBe(a.runId);
    await env.client.workflow.getHandle(workflowId).terminate();
  });

  it('retries a failed workflow under its retry policy', async () => {
    const handle = await env.client.workflow.start('succeedsOnThirdAttempt', { taskQueue, workflowId: id(), retry: { initialInterval: '1 minute', maximumAttempts: 5 } });
    expect(await handle.result()).toBe(3);
  });

  it('holds a query to a workflow with no worker until the caller gives up', async () => {
    const handle = await env.client.workflow.start('counter', { taskQueue: 'nobody-polls-this', workflowId: id() });
    const started = Date.now();
    await expect(env.connection.withDeadline(Date.now() + 700, () => handle.query('total'))).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
    await handle.terminate();
  });

  it('answers UNIMPLEMENTED for RPCs it does not serve', async () => {
    await expect(env.client.workflowService.listWorkerDeployments({ namespace: 'default' })).rejects.toThrow(/UNIMPLEMENTED/);
  });
});
