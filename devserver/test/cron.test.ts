// Cron workflows (CronSchedule on the start request) and the tie-break between activity timeouts.
import { randomUUID } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import { ActivityFailure, TimeoutFailure, TimeoutType } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { timeSkippingSuite } from './helpers/env.js';

const taskQueue = 'cron';
let env: TestWorkflowEnvironment;
const id = (): string => `wf-${randomUUID()}`;

timeSkippingSuite(taskQueue, (ready) => (env = ready));

const COMPLETED = 2; // WORKFLOW_EXECUTION_STATUS_COMPLETED

describe('cron workflows', () => {
  it('runs each cron run at its cron time and passes on the last result', async () => {
    const workflowId = id();
    const handle = await env.client.workflow.start('cronCount', { taskQueue, workflowId, cronSchedule: '@every 1h' });
    let closed: { runId: string; status: number }[] = [];
    for (let i = 0; i < 100 && closed.length < 2; i++) {
      await env.sleep('20 minutes'); // the client holds the clock; let it run to the cron times
      const page = await env.client.workflowService.listWorkflowExecutions({ namespace: 'default', query: `WorkflowId = '${workflowId}'` });
      closed = page.executions.filter((e) => e.status === COMPLETED).map((e) => ({ runId: e.execution!.runId!, status: e.status! }));
    }
    await handle.terminate();
    expect(closed.length).toBeGreaterThanOrEqual(2);

    const first = (await env.client.workflow.getHandle(workflowId, handle.firstExecutionRunId).fetchHistory()).events!;
    const started = first[0]!.workflowExecutionStartedEventAttributes!;
    expect(started.cronSchedule).toBe('@every 1h');
    expect(started.initiator).toBe(3); // CONTINUE_AS_NEW_INITIATOR_CRON_SCHEDULE
    expect(Number(started.firstWorkflowTaskBackoff?.seconds ?? 0)).toBeGreaterThan(0);
    const done = first.at(-1)!.workflowExecutionCompletedEventAttributes!;
    expect(done.newExecutionRunId).toBeTruthy();

    const second = (await env.client.workflow.getHandle(workflowId, done.newExecutionRunId!).fetchHistory()).events!;
    const secondStarted = second[0]!.workflowExecutionStartedEventAttributes!;
    expect(secondStarted.continuedExecutionRunId).toBe(handle.firstExecutionRunId);
    expect(secondStarted.firstExecutionRunId).toBe(handle.firstExecutionRunId);
    expect(secondStarted.cronSchedule).toBe('@every 1h');
    const lastResult = JSON.parse(Buffer.from(secondStarted.lastCompletionResult!.payloads![0]!.data!).toString());
    expect(lastResult).toEqual({ count: 1, cron: '@every 1h' });
  });

  it('rejects an invalid cron string and a cron with a start delay', async () => {
    const start = (extra: object) =>
      env.client.workflowService.startWorkflowExecution({ namespace: 'default', workflowId: id(), workflowType: { name: 'cronCount' }, taskQueue: { name: taskQueue }, requestId: randomUUID(), ...extra });
    await expect(start({ cronSchedule: 'not a cron' })).rejects.toThrow(/INVALID_ARGUMENT: invalid CronSchedule/);
    await expect(start({ cronSchedule: '@every 1h', workflowStartDelay: { seconds: 60 } })).rejects.toThrow(/CronSchedule and WorkflowStartDelay may not be used together/);
  });
});

describe('activity timeouts due together', () => {
  // A queued activity holds the virtual clock, so this one waits its second in real time.
  it('reports schedule-to-start when it falls due with schedule-to-close', async () => {
    const err = await env.client.workflow.execute('activityNeverPolled', { taskQueue, workflowId: id() }).catch((e: unknown) => e);
    const cause = err instanceof WorkflowFailedError && err.cause instanceof ActivityFailure ? err.cause.cause : undefined;
    expect(cause instanceof TimeoutFailure ? cause.timeoutType : undefined).toBe(TimeoutType.SCHEDULE_TO_START);
  });
});
