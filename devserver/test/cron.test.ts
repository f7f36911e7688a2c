// Cron workflows (CronSchedule on the start request) and the tie-break between activity timeouts.
import { randomUUID } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import { ActivityFailure, TimeoutFailure, TimeoutType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
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

  it('runs a child workflow on its cron schedule; an invalid child cron fails the parent\'s task', async () => {
    const childId = id();
    const firstRunId = await env.client.workflow.execute('startsCronChild', { taskQueue, workflowId: id(), args: [childId, '@every 1h'] });
    const started = (await env.client.workflow.getHandle(childId, firstRunId).fetchHistory()).events![0]!.workflowExecutionStartedEventAttributes!;
    expect(started.cronSchedule).toBe('@every 1h');
    expect(started.parentWorkflowExecution?.workflowId).toBeTruthy();
    expect(Number(started.firstWorkflowTaskBackoff?.seconds ?? 0)).toBeGreaterThan(0);
    let completed = 0;
    for (let i = 0; i < 100 && completed < 1; i++) {
      await env.sleep('20 minutes');
      const page = await env.client.workflowService.listWorkflowExecutions({ namespace: 'default', query: `WorkflowId = '${childId}'` });
      completed = page.executions.filter((e) => e.status === COMPLETED).length;
    }
    expect(completed).toBeGreaterThanOrEqual(1);
    await env.client.workflow.getHandle(childId).terminate();

    const parent = await env.client.workflow.start('startsCronChild', { taskQueue, workflowId: id(), args: [id(), 'not a cron'] });
    let failedCause: number | undefined;
    for (let i = 0; i < 50 && failedCause === undefined; i++) {
      const events = (await parent.fetchHistory()).events ?? [];
      failedCause = events.find((e) => e.workflowTaskFailedEventAttributes)?.workflowTaskFailedEventAttributes?.cause ?? undefined;
      if (failedCause === undefined) await new Promise((r) => setTimeout(r, 100));
    }
    expect(failedCause).toBe(temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_START_CHILD_EXECUTION_ATTRIBUTES);
    await parent.terminate();
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
