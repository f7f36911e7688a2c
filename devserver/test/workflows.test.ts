// Core workflow behaviour through the real SDK worker and client on the time-skipping server.
import { randomUUID } from 'node:crypto';
import { Client, QueryNotRegisteredError, WorkflowFailedError, WorkflowUpdateFailedError, WithStartWorkflowOperation } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, ActivityFailure, ApplicationFailure, TerminatedFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { timeSkippingSuite } from './helpers/env.js';

const taskQueue = 'core';
let env: TestWorkflowEnvironment;
const id = (): string => `wf-${randomUUID()}`;

timeSkippingSuite(taskQueue, (ready) => (env = ready));

describe('workflows on the time-skipping devserver', () => {
  it('runs a trivial workflow and returns its result', async () => {
    expect(await env.client.workflow.execute('trivial', { taskQueue, workflowId: id() })).toBe('done');
  });

  it('starts a workflow eagerly: its first task comes back in the start response, started for the caller, not queued', async () => {
    const { EventType, CommandType } = temporal.api.enums.v1;
    const workflowId = id();
    const eagerQueue = `eager-${randomUUID()}`; // no worker polls it
    const res = await env.client.workflowService.startWorkflowExecution({
      namespace: 'default',
      workflowId,
      workflowType: { name: 'trivial' },
      taskQueue: { name: eagerQueue },
      identity: 'eager-caller',
      requestId: randomUUID(),
      requestEagerExecution: true,
    });
    const task = res.eagerWorkflowTask!;
    expect(task.taskToken?.length).toBeGreaterThan(0);
    expect(Number(task.startedEventId)).toBe(3);
    expect(task.history!.events!.map((e) => e.eventType)).toEqual([EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED]);
    expect(task.history!.events![2]!.workflowTaskStartedEventAttributes!.identity).toBe('eager-caller');
    const poll = await env.client.connection.withDeadline(Date.now() + 1500, () =>
      env.client.workflowService.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: eagerQueue }, identity: 'a-poller' }),
    );
    expect(poll.taskToken?.length ?? 0).toBe(0);
    // The caller completes it like any started task.
    await env.client.workflowService.respondWorkflowTaskCompleted({
      namespace: 'default',
      taskToken: task.taskToken,
      identity: 'eager-caller',
      commands: [{ commandType: CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION, completeWorkflowExecutionCommandAttributes: {} }],
    });
    expect((await env.client.workflow.getHandle(workflowId).describe()).status.name).toBe('COMPLETED');
    // Without the request, the task is queued for a poller as usual.
    const plainId = id();
    const plain = await env.client.workflowService.startWorkflowExecution({ namespace: 'default', workflowId: plainId, workflowType: { name: 'trivial' }, taskQueue: { name: eagerQueue }, requestId: randomUUID() });
    expect(plain.eagerWorkflowTask).toBeFalsy();
    // Its queued task would hold the virtual clock for the tests that follow.
    await env.client.workflow.getHandle(plainId).terminate();
  });

  it('runs a workflow started eagerly by a client that shares the worker connection', async () => {
    const client = new Client({ connection: env.nativeConnection });
    expect(await client.workflow.execute('trivial', { taskQueue, workflowId: id(), requestEagerStart: true })).toBe('done');
  });

  it('keeps retries of a failing workflow task out of history until one completes, as the real server does', async () => {
    const { EventType: E, CommandType, WorkflowTaskFailedCause } = temporal.api.enums.v1;
    const svc = env.client.workflowService;
    const namespace = 'default';
    const queue = `transient-${randomUUID()}`; // no worker polls it: this test is the worker
    const workflowId = id();
    await svc.startWorkflowExecution({ namespace, workflowId, workflowType: { name: 'trivial' }, taskQueue: { name: queue }, requestId: randomUUID() });
    const poll = () => env.client.connection.withDeadline(Date.now() + 5000, () => svc.pollWorkflowTaskQueue({ namespace, taskQueue: { name: queue }, identity: 'by-hand' }));
    const fail = (taskToken: Uint8Array | null | undefined) =>
      svc.respondWorkflowTaskFailed({ namespace, taskToken, cause: WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_WORKFLOW_WORKER_UNHANDLED_FAILURE, identity: 'by-hand' });
    const complete = (taskToken: Uint8Array | null | undefined) =>
      svc.respondWorkflowTaskCompleted({ namespace, taskToken, identity: 'by-hand', commands: [{ commandType: CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION, completeWorkflowExecutionCommandAttributes: {} }] });
    const written = async () => (await svc.getWorkflowExecutionHistory({ namespace, execution: { workflowId } })).history!.events!;
    const types = (events: temporal.api.history.v1.IHistoryEvent[]) => events.map((e) => e.eventType);
    const firstAttempt = [E.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, E.EVENT_TYPE_WORKFLOW_TASK_STARTED, E.EVENT_TYPE_WORKFLOW_TASK_FAILED];

    await fail((await poll()).taskToken);
    const second = await poll();
    expect(second.attempt).toBe(2);
    // Shown Scheduled 5 and Started 6 after the first attempt's Failed 4, but none of it is written.
    expect(types(second.history!.events!)).toEqual([...firstAttempt, E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, E.EVENT_TYPE_WORKFLOW_TASK_STARTED]);
    expect(Number(second.startedEventId)).toBe(6);
    expect(types(await written())).toEqual(firstAttempt);

    await fail(second.taskToken);
    const third = await poll();
    expect(third.attempt).toBe(3);
    expect(Number(third.startedEventId)).toBe(6);
    expect(types(await written())).toEqual(firstAttempt);
    await expect(complete(second.taskToken)).rejects.toThrow(/not found/i); // the second attempt's token is spent

    // The attempt that completes is written whole: its Scheduled (attempt 3), Started, Completed.
    await complete(third.taskToken);
    const events = await written();
    expect(types(events)).toEqual([
      ...firstAttempt,
      E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
      E.EVENT_TYPE_WORKFLOW_TASK_STARTED,
      E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
      E.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
    ]);
    expect(events.map((e) => Number(e.eventId))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(events[4]!.workflowTaskScheduledEventAttributes!.attempt).toBe(3);
    expect(Number(events[6]!.workflowTaskCompletedEventAttributes!.startedEventId)).toBe(6);
  });

  it('retries a failing workflow task with the SDK worker; only the first failure is written, and a signal fixes it', async () => {
    const { EventType: E } = temporal.api.enums.v1;
    const handle = await env.client.workflow.start('failsUntilFixed', { taskQueue, workflowId: id(), workflowTaskTimeout: '1s' });
    // The worker reports the first failure; later attempts it leaves to time out.
    const deadline = Date.now() + 10_000;
    while (((await handle.describe()).raw.pendingWorkflowTask?.attempt ?? 0) < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect((await handle.describe()).raw.pendingWorkflowTask?.attempt).toBeGreaterThanOrEqual(3);
    await handle.signal('fix');
    expect(await handle.result()).toBe('fixed');
    const events = (await handle.fetchHistory()).events!;
    const count = (type: number) => events.filter((e) => e.eventType === type).length;
    expect(count(E.EVENT_TYPE_WORKFLOW_TASK_FAILED)).toBe(1);
    expect(count(E.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT)).toBe(0);
    expect(count(E.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)).toBe(1);
    expect(events.at(-1)!.eventType).toBe(E.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
  });

  it('passes payloads byte for byte', async () => {
    const value = { text: 'héllo ✉', n: 1.5, list: [1, null, 'x'] };
    expect(await env.client.workflow.execute('echo', { taskQueue, workflowId: id(), args: [value] })).toEqual(value);
  });

  it('runs activities and a timer', async () => {
    expect(await env.client.workflow.execute('threeActivitiesAndTimer', { taskQueue, workflowId: id(), args: [1] })).toBe(4);
  });

  it('skips fourteen days and a year of sleep in well under a second', async () => {
    const started = Date.now();
    const fortnight = await env.client.workflow.execute('sleeper', { taskQueue, workflowId: id(), args: [14 * 86_400_000] });
    const year = await env.client.workflow.execute('sleeper', { taskQueue, workflowId: id(), args: [365 * 86_400_000] });
    expect(fortnight).toBeGreaterThanOrEqual(14 * 86_400_000);
    expect(year).toBeGreaterThanOrEqual(365 * 86_400_000);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('moves the virtual clock with env.sleep', async () => {
    const before = await env.currentTimeMs();
    await env.sleep('3 days');
    expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(3 * 86_400_000);
  });

  it('delivers signals, answers queries and updates, and rejects invalid updates', async () => {
    const handle = await env.client.workflow.start('counter', { taskQueue, workflowId: id() });
    await handle.signal('add', 3);
    expect(await handle.query('total')).toBe(3);
    expect(await handle.executeUpdate('addUpdate', { args: [4] })).toBe(7);
    await expect(handle.executeUpdate('addUpdate', { args: [-1] })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(handle.query('nope')).rejects.toBeInstanceOf(QueryNotRegisteredError);
    await handle.signal('finish');
    expect(await handle.result()).toBe(7);
    expect(await handle.query('total')).toBe(7); // a query on a closed workflow
  });

  it('leaves no trace in history of updates the worker rejects (a speculative task), and the workflow goes on', async () => {
    const handle = await env.client.workflow.start('counter', { taskQueue, workflowId: id() });
    expect(await handle.executeUpdate('addUpdate', { args: [4] })).toBe(4);
    const before = (await handle.fetchHistory()).events!.length;
    for (let i = 0; i < 3; i++) await expect(handle.executeUpdate('addUpdate', { args: [-1] })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    expect((await handle.fetchHistory()).events!.length).toBe(before);
    // The worker rolled back to its last completed task: what follows replays and runs as usual.
    await handle.signal('add', 3);
    expect(await handle.executeUpdate('addUpdate', { args: [1] })).toBe(8);
    await handle.signal('finish');
    expect(await handle.result()).toBe(8);
    const types = (await handle.fetchHistory()).events!.map((e) => e.eventType);
    const { EventType: E } = temporal.api.enums.v1;
    expect(types.filter((t) => t === E.EVENT_TYPE_WORKFLOW_TASK_FAILED)).toHaveLength(0);
    expect(types.filter((t) => t === E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)).toHaveLength(2);
  });

  it('deduplicates updates by id', async () => {
    const handle = await env.client.workflow.start('counter', { taskQueue, workflowId: id() });
    expect(await handle.executeUpdate('addUpdate', { args: [5], updateId: 'u1' })).toBe(5);
    expect(await handle.executeUpdate('addUpdate', { args: [5], updateId: 'u1' })).toBe(5);
    const started = await handle.startUpdate('addUpdate', { args: [1], updateId: 'u2', waitForStage: 'ACCEPTED' });
    expect(await started.result()).toBe(6);
    await handle.signal('finish');
    expect(await handle.result()).toBe(6);
  });

  it('runs update-with-start and signal-with-start', async () => {
    const workflowId = id();
    const op = new WithStartWorkflowOperation('counter', { workflowId, taskQueue, workflowIdConflictPolicy: 'USE_EXISTING' });
    expect(await env.client.workflow.executeUpdateWithStart('addUpdate', { args: [2], startWorkflowOperation: op })).toBe(2);
    const handle = await env.client.workflow.signalWithStart('counter', { workflowId, taskQueue, signal: 'add', signalArgs: [3] });
    expect((await handle.describe()).runId).toBe((await (await op.workflowHandle()).describe()).runId);
    await handle.signal('finish');
    expect(await handle.result()).toBe(5);
  });

  it('refuses a second start of a running workflow id', async () => {
    const workflowId = id();
    const first = await env.client.workflow.start('counter', { taskQueue, workflowId });
    await expect(env.client.workflow.start('counter', { taskQueue, workflowId })).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
    const again = await env.client.workflow.start('counter', { taskQueue, workflowId, workflowIdConflictPolicy: 'USE_EXISTING' });
    expect(again.firstExecutionRunId).toBe(first.firstExecutionRunId);
    await first.terminate('done here');
    await expect(first.result()).rejects.toSatisfy((e: unknown) => e instanceof WorkflowFailedError && e.cause instanceof TerminatedFailure);
    await expect(env.client.workflow.start('counter', { taskQueue, workflowId, workflowIdReusePolicy: 'REJECT_DUPLICATE' })).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
  });

  it('reports workflow failures and exhausted activity retries', async () => {
    await expect(env.client.workflow.execute('failing', { taskQueue, workflowId: id(), args: ['boom'] })).rejects.toSatisfy(
      (e: unknown) => e instanceof WorkflowFailedError && e.cause instanceof ApplicationFailure && e.cause.message === 'boom',
    );
    const err = await env.client.workflow.execute('activityFails', { taskQueue, workflowId: id() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    const cause = (err as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ActivityFailure);
    expect((cause as ActivityFailure).cause?.message).toBe('attempt 3 failed');
  });

  it('runs children and signals external workflows', async () => {
    const childId = id();
    expect(await env.client.workflow.execute('parent', { taskQueue, workflowId: id(), args: [childId] })).toBe('parent got from child');
    const target = await env.client.workflow.start('counter', { taskQueue, workflowId: id() });
    await env.client.workflow.execute('signalsOther', { taskQueue, workflowId: id(), args: [target.workflowId] });
    expect(await target.result()).toBe(5);
  });

  it('terminates a child when its parent closes (parent close policy)', async () => {
    const childId = id();
    expect(await env.client.workflow.execute('parentAbandons', { taskQueue, workflowId: id(), args: [childId] })).toBe('parent done');
    const child = env.client.workflow.getHandle(childId);
    await expect(child.result()).rejects.toSatisfy((e: unknown) => e instanceof WorkflowFailedError && e.cause instanceof TerminatedFailure);
  });

  it('requests cancellation of or abandons children as their policy says', async () => {
    const cancelledChild = id();
    await env.client.workflow.execute('parentWithPolicy', { taskQueue, workflowId: id(), args: [cancelledChild, 'REQUEST_CANCEL'] });
    expect(await env.client.workflow.getHandle(cancelledChild).result()).toBe('cancelled');
    const abandoned = id();
    await env.client.workflow.execute('parentWithPolicy', { taskQueue, workflowId: id(), args: [abandoned, 'ABANDON'] });
    const child = env.client.workflow.getHandle(abandoned);
    expect((await child.describe()).status.name).toBe('RUNNING');
    await env.client.workflow.execute('cancelsOther', { taskQueue, workflowId: id(), args: [abandoned] });
    expect(await child.result()).toBe('cancelled');
  });

  it('continues as new keeping the memo, and runs local activities', async () => {
    const handle = await env.client.workflow.start('continues', { taskQueue, workflowId: id(), args: [2], memo: { kept: 'yes' } });
    expect(await handle.result()).toBe(100);
    expect(await env.client.workflow.execute('withLocalActivity', { taskQueue, workflowId: id() })).toBe(42);
  });

  it('cancels a workflow on request', async () => {
    const handle = await env.client.workflow.start('cancellable', { taskQueue, workflowId: id() });
    await handle.cancel();
    expect(await handle.result()).toBe('cancelled');
  });

  it('delivers activity cancellation through heartbeats', async () => {
    expect(await env.client.workflow.execute('heartbeatCancel', { taskQueue, workflowId: id() })).toBe('activity cancelled');
  });

  it('describes executions and pages their history', async () => {
    const workflowId = id();
    await env.client.workflow.execute('threeActivitiesAndTimer', { taskQueue, workflowId, args: [0], memo: { a: 1 } });
    const handle = env.client.workflow.getHandle(workflowId);
    const d = await handle.describe();
    expect(d.status.name).toBe('COMPLETED');
    expect(d.memo).toEqual({ a: 1 });
    const history = await handle.fetchHistory();
    const types = history.events!.map((e) => e.eventType);
    expect(types[0]).toBe(1); // WorkflowExecutionStarted
    expect(types.at(-1)).toBe(2); // WorkflowExecutionCompleted
    expect(history.events!.map((e) => Number(e.eventId))).toEqual(types.map((_, i) => i + 1));
    const page = await env.client.workflowService.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId }, maximumPageSize: 5 });
    expect(page.history!.events).toHaveLength(5);
    expect(page.nextPageToken?.length).toBeGreaterThan(0);
    const reverse = await env.client.workflowService.getWorkflowExecutionHistoryReverse({ namespace: 'default', execution: { workflowId }, maximumPageSize: 3 });
    expect(reverse.history!.events!.map((e) => e.eventType)[0]).toBe(2);
  });

  it('dates an activity\'s Started event when the attempt started, though it is written with the result', async () => {
    const workflowId = id();
    await env.client.workflow.execute('oneSlowActivity', { taskQueue, workflowId, args: [300] });
    const events = (await env.client.workflow.getHandle(workflowId).fetchHistory()).events!;
    const at = (type: number) => {
      const e = events.find((x) => x.eventType === type)!;
      return Number(e.eventTime!.seconds) * 1000 + Math.floor((e.eventTime!.nanos ?? 0) / 1e6);
    };
    const [scheduled, started, completed] = [at(10), at(11), at(12)]; // ActivityTask Scheduled, Started, Completed
    expect(started).toBeGreaterThanOrEqual(scheduled);
    expect(completed - started).toBeGreaterThanOrEqual(290);
  });

  it('describes an activity in retry backoff: its attempt, last failure, when that ended and when the next is due', async () => {
    const handle = await env.client.workflow.start('retriesHourly', { taskQueue, workflowId: id() });
    let pending = (await handle.describe()).raw.pendingActivities?.[0];
    for (let i = 0; i < 200 && (pending?.attempt ?? 0) < 2; i++) {
      await new Promise((r) => setTimeout(r, 20));
      pending = (await handle.describe()).raw.pendingActivities?.[0];
    }
    expect(pending).toMatchObject({ activityType: { name: 'alwaysFails' }, attempt: 2, maximumAttempts: 5, lastFailure: { message: 'attempt 1 failed' } });
    const ms = (t: { seconds?: unknown; nanos?: number | null } | null | undefined): number => Number(t?.seconds ?? 0) * 1000 + Math.floor((t?.nanos ?? 0) / 1e6);
    expect(ms(pending!.nextAttemptScheduleTime) - ms(pending!.lastAttemptCompleteTime)).toBe(3_600_000);
    expect(Number(pending!.currentRetryInterval?.seconds)).toBe(3600);
    await handle.terminate();
  });

  it('answers NOT_FOUND for unknown workflows', async () => {
    await expect(env.client.workflow.getHandle('no-such-workflow').describe()).rejects.toThrow(/not found/);
  });

  it('upserts search attributes and memo', async () => {
    const handle = await env.client.workflow.start('upserts', { taskQueue, workflowId: id() });
    await handle.result();
    const d = await handle.describe();
    expect(d.memo).toEqual({ note: 'updated' });
    expect(d.searchAttributes.CustomKeywordField).toEqual(['hello']);
  });
});
