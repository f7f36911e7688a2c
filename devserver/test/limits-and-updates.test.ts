// Request limits as the real server applies them (id lengths, updates in flight) and updates to
// a workflow whose first task waits for a start delay.
import { randomUUID } from 'node:crypto';
import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUpdate, blockUpdate, releaseSignal } from './fixtures/workflows.js';
import { localSuite, startWorker } from './helpers/env.js';

const taskQueue = `limits-${randomUUID()}`;
const INVALID_ARGUMENT = 3;
const RESOURCE_EXHAUSTED = 8;
/** A gRPC error of `code` (the client's own error or its cause), whose message matches. */
const grpcError = (code: number, details: RegExp | string) => expect.objectContaining({ cause: expect.objectContaining({ code, details: typeof details === 'string' ? details : expect.stringMatching(details) }) });

describe('limits and updates', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  /** A client whose connection does not retry, so RESOURCE_EXHAUSTED comes back at once. */
  let noRetry: Client;
  localSuite((ready) => (env = ready));
  beforeAll(async () => {
    worker = await startWorker(env, taskQueue);
    running = worker.run();
    const connection = await Connection.connect({ address: env.address, interceptors: [] });
    noRetry = new Client({ connection });
  });
  afterAll(async () => {
    await noRetry?.connection.close();
    worker?.shutdown();
    await running;
  });

  it('refuses a workflow id over 1,000 bytes on start, signal-with-start and update-with-start, at once', async () => {
    const workflowId = 'x'.repeat(1001);
    const message = 'WorkflowId exceeds maximum allowed length (1001/1000)';
    await expect(env.client.workflow.start('counter', { taskQueue, workflowId })).rejects.toEqual(grpcError(INVALID_ARGUMENT, message));
    await expect(env.client.workflow.signalWithStart('counter', { taskQueue, workflowId, signal: 'add', signalArgs: [1] })).rejects.toEqual(grpcError(INVALID_ARGUMENT, message));
    const startWorkflowOperation = new WithStartWorkflowOperation('counter', { taskQueue, workflowId, workflowIdConflictPolicy: 'USE_EXISTING' });
    const started = Date.now();
    await expect(env.client.workflow.executeUpdateWithStart(addUpdate, { args: [1], startWorkflowOperation })).rejects.toThrow(message);
    expect(Date.now() - started).toBeLessThan(5_000);
    // Exactly the limit is fine.
    const handle = await env.client.workflow.start('counter', { taskQueue: `${taskQueue}-idle`, workflowId: 'y'.repeat(1000) });
    await handle.terminate();
  });

  it('refuses search attributes over the real server\'s size limits, and system attributes', async () => {
    const start = (searchAttributes: Record<string, string[]>) => env.client.workflow.start('counter', { taskQueue: `${taskQueue}-idle`, workflowId: `sa-${randomUUID()}`, searchAttributes });
    await expect(start({ CustomKeywordField: ['k'.repeat(2100)] })).rejects.toEqual(grpcError(INVALID_ARGUMENT, 'search attribute CustomKeywordField value size 2104 exceeds size limit 2048'));
    await expect(start({ WorkflowId: ['mine'] })).rejects.toEqual(grpcError(INVALID_ARGUMENT, "WorkflowId attribute can't be set in SearchAttributes"));
    const handle = await start({ CustomKeywordField: ['k'.repeat(2000)] });
    await handle.terminate();
  });

  it('refuses a signal name and an update id over the limit', async () => {
    const handle = await env.client.workflow.start('counter', { taskQueue: `${taskQueue}-idle`, workflowId: `names-${randomUUID()}` });
    await expect(handle.signal('s'.repeat(1001))).rejects.toEqual(grpcError(INVALID_ARGUMENT, 'SignalName length exceeds limit.'));
    await expect(handle.executeUpdate(addUpdate, { args: [1], updateId: 'u'.repeat(1001) })).rejects.toEqual(grpcError(INVALID_ARGUMENT, 'UpdateId length exceeds limit.'));
    await handle.terminate();
  });

  it('fails a workflow task whose commands carry an id over the limit, naming the command', async () => {
    const svc = env.client.workflowService;
    const queue = `${taskQueue}-raw-${randomUUID()}`;
    const handle = await env.client.workflow.start('trivial', { taskQueue: queue, workflowId: `long-command-${randomUUID()}` });
    const { CommandType, WorkflowTaskFailedCause } = temporal.api.enums.v1;
    const respond = async (command: temporal.api.command.v1.ICommand): Promise<unknown> => {
      const task = await svc.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: queue }, identity: 'raw-worker' });
      return svc.respondWorkflowTaskCompleted({ namespace: 'default', taskToken: task.taskToken, identity: 'raw-worker', commands: [command] }).catch((err: unknown) => err);
    };
    const timerId = 't'.repeat(1001);
    const timerError = await respond({ commandType: CommandType.COMMAND_TYPE_START_TIMER, startTimerCommandAttributes: { timerId, startToFireTimeout: { nanos: 500_000_000 } } });
    const timerMessage = `WORKFLOW_TASK_FAILED_CAUSE_BAD_START_TIMER_ATTRIBUTES: TimerId on StartTimerCommand exceeds length limit. TimerId=${timerId} Length=1001 Limit=1000`;
    expect(timerError).toMatchObject({ code: INVALID_ARGUMENT, details: timerMessage });
    const childError = await respond({
      commandType: CommandType.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION,
      startChildWorkflowExecutionCommandAttributes: { workflowId: 'c'.repeat(1001), workflowType: { name: 'trivial' }, taskQueue: { name: queue } },
    });
    expect(childError).toMatchObject({ code: INVALID_ARGUMENT, details: expect.stringMatching(/^WORKFLOW_TASK_FAILED_CAUSE_BAD_START_CHILD_EXECUTION_ATTRIBUTES: WorkflowId on StartChildWorkflowExecutionCommand exceeds length limit\. /) });
    // The first failure is in history (a retry's is not, as on the real server); nothing was started.
    const { events } = await handle.fetchHistory();
    const failed = events!.filter((e) => e.workflowTaskFailedEventAttributes).map((e) => e.workflowTaskFailedEventAttributes!);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.cause).toBe(WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_START_TIMER_ATTRIBUTES);
    expect(failed[0]!.failure?.message).toBe(timerMessage);
    expect(events!.some((e) => e.timerStartedEventAttributes || e.startChildWorkflowExecutionInitiatedEventAttributes)).toBe(false);
    await handle.terminate();
  });

  it('answers RESOURCE_EXHAUSTED to an eleventh update in flight, for update and update-with-start', async () => {
    const workflowId = `in-flight-${randomUUID()}`;
    const handle = await env.client.workflow.start('holdsUpdates', { taskQueue, workflowId });
    for (let i = 0; i < 10; i++) await handle.startUpdate(blockUpdate, { waitForStage: 'ACCEPTED' });
    const over = noRetry.workflow.getHandle(workflowId).startUpdate(blockUpdate, { waitForStage: 'ACCEPTED' });
    await expect(over).rejects.toEqual(grpcError(RESOURCE_EXHAUSTED, 'limit on number of concurrent in-flight updates has been reached (10)'));
    const startWorkflowOperation = new WithStartWorkflowOperation('holdsUpdates', { taskQueue, workflowId, workflowIdConflictPolicy: 'USE_EXISTING' });
    const overWithStart = noRetry.workflow.startUpdateWithStart(blockUpdate, { waitForStage: 'ACCEPTED', startWorkflowOperation });
    await expect(overWithStart).rejects.toMatchObject({ code: RESOURCE_EXHAUSTED });
    // Once they complete, there is room again.
    await handle.signal(releaseSignal);
    expect(await handle.result()).toBe(10);
  });

  it('dispatches the first workflow task for an update to a workflow still waiting for its start delay', async () => {
    const handle = await env.client.workflow.start('counter', { taskQueue, workflowId: `delayed-${randomUUID()}`, startDelay: '1 day' });
    expect(await handle.executeUpdate(addUpdate, { args: [5] })).toBe(5);
    const desc = await handle.describe();
    expect(desc.executionTime!.getTime() - desc.startTime.getTime()).toBe(24 * 3_600_000);
    await handle.signal('finish');
    expect(await handle.result()).toBe(5);
  });
});
