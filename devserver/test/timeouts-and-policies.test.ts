// Activity timeouts, async completion, start delay, run timeouts and request-id idempotency.
import { randomUUID } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import { ActivityFailure, TimeoutFailure, TimeoutType } from '@temporalio/common';
import { msToTs } from '@temporalio/common/lib/time.js';
import { temporal } from '@temporalio/proto';
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

  it('times out a sticky task no poller took in time and hands it to the normal queue', async () => {
    // Raw RPCs play the worker, so the sticky queue's poller can go quiet exactly when needed.
    const svc = env.client.workflowService;
    const queue = `sticky-timeout-${randomUUID()}`;
    const sticky = `${queue}-sticky`;
    const handle = await env.client.workflow.start('counter', { taskQueue: queue, workflowId: id() });
    const { TASK_QUEUE_KIND_NORMAL: NORMAL, TASK_QUEUE_KIND_STICKY: STICKY } = temporal.api.enums.v1.TaskQueueKind;
    const poll = (name: string, kind: number) => svc.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name, kind }, identity: 'test' });
    const first = await poll(queue, NORMAL);
    await svc.respondWorkflowTaskCompleted({
      namespace: 'default',
      taskToken: first.taskToken,
      identity: 'test',
      commands: [],
      stickyAttributes: { workerTaskQueue: { name: sticky, kind: STICKY, normalName: queue }, scheduleToStartTimeout: msToTs('1s') },
    });
    // The sticky queue has been polled (so the next task goes there), and then nobody polls it.
    const idle = await env.connection.withDeadline(Date.now() + 300, () => poll(sticky, STICKY)).catch(() => undefined);
    expect(idle?.taskToken?.length ?? 0).toBe(0);
    await handle.signal('add', 1);
    const second = await poll(queue, NORMAL); // waits on the normal queue until the sticky task times out
    const events = second.history!.events!;
    const timedOut = events.find((e) => e.workflowTaskTimedOutEventAttributes);
    expect(timedOut?.workflowTaskTimedOutEventAttributes?.timeoutType).toBe(temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START);
    expect(Number(timedOut!.workflowTaskTimedOutEventAttributes!.startedEventId)).toBe(0);
    const scheduled = events.filter((e) => e.workflowTaskScheduledEventAttributes).map((e) => e.workflowTaskScheduledEventAttributes!);
    expect(scheduled.at(-2)?.taskQueue).toMatchObject({ name: sticky, kind: STICKY });
    expect(scheduled.at(-1)?.taskQueue).toMatchObject({ name: queue, kind: NORMAL });
    expect(scheduled.at(-1)?.attempt).toBe(1);
    expect(Number(events.at(-1)!.eventId)).toBe(Number(second.startedEventId));
    await handle.terminate();
  });

  it('answers UNIMPLEMENTED for RPCs it does not serve', async () => {
    await expect(env.client.workflowService.listWorkerDeployments({ namespace: 'default' })).rejects.toThrow(/UNIMPLEMENTED/);
  });
});
