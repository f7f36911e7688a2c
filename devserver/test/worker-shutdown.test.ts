// Completing a worker's polls on ShutdownWorker (frontend.enableCancelWorkerPollsOnShutdown), as
// the real server does when that dynamic-config value is on: the namespace says so, the SDK then
// lets its polls finish instead of dropping them, and no task is handed to an abandoned poll.
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { usingOfficialServer } from '../src/testing.js';
import * as activities from './fixtures/activities.js';
import { localSuite, workflowBundle } from './helpers/env.js';

const { TASK_QUEUE_KIND_NORMAL: NORMAL } = temporal.api.enums.v1.TaskQueueKind;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe.skipIf(usingOfficialServer())('ShutdownWorker with frontend.enableCancelWorkerPollsOnShutdown', () => {
  let env: TestWorkflowEnvironment;
  localSuite((ready) => (env = ready), ['--dynamic-config-value', 'frontend.enableCancelWorkerPollsOnShutdown=true']);

  it('says so in the namespace, ends the worker\'s open polls empty, and answers its later polls on that queue at once without handing them a task', async () => {
    const svc = env.client.workflowService;
    const ns = await svc.describeNamespace({ namespace: 'default' });
    expect(ns.namespaceInfo?.capabilities?.workerPollCompleteOnShutdown).toBe(true);

    const queue = `shutdown-${randomUUID()}`;
    const workerInstanceKey = randomUUID();
    const asWorker = { namespace: 'default', taskQueue: { name: queue, kind: NORMAL }, identity: 'test', workerInstanceKey };
    let settled = 0;
    const workflowPolling = svc.pollWorkflowTaskQueue(asWorker).finally(() => settled++);
    const activityPolling = svc.pollActivityTaskQueue(asWorker).finally(() => settled++);
    // Polls register asynchronously: say ShutdownWorker until both have come back (their long poll is 60 s).
    const deadline = Date.now() + 10_000;
    while (settled < 2 && Date.now() < deadline) {
      await svc.shutdownWorker({ namespace: 'default', identity: 'test', workerInstanceKey, taskQueue: queue, reason: 'test' });
      await sleep(100);
    }
    const [workflowPoll, activityPoll] = await Promise.all([workflowPolling, activityPolling]);
    expect(workflowPoll.taskToken?.length ?? 0).toBe(0);
    expect(activityPoll.taskToken?.length ?? 0).toBe(0);
    // Gone from the queue's pollers at once, not after the poller history's five minutes.
    const described = await svc.describeTaskQueue({ namespace: 'default', taskQueue: { name: queue, kind: NORMAL }, taskQueueType: 1 });
    expect(described.pollers ?? []).toEqual([]);

    // A task waits on the queue now; the shut-down worker's poll must not take it.
    const handle = await env.client.workflow.start('trivial', { taskQueue: queue, workflowId: `wf-${randomUUID()}` });
    const late = await env.connection.withDeadline(Date.now() + 20_000, () => svc.pollWorkflowTaskQueue(asWorker));
    expect(late.taskToken?.length ?? 0).toBe(0);
    const other = await svc.pollWorkflowTaskQueue({ ...asWorker, workerInstanceKey: randomUUID() });
    expect(other.workflowExecution?.workflowId).toBe(handle.workflowId);
    // The shutdown named one queue: the same worker's polls on another still get its tasks (the
    // SDK shuts its internal queues down on their own, under the same instance key).
    const otherQueue = `${queue}-other`;
    const elsewhere = await env.client.workflow.start('trivial', { taskQueue: otherQueue, workflowId: `wf-${randomUUID()}` });
    const polled = await svc.pollWorkflowTaskQueue({ ...asWorker, taskQueue: { name: otherQueue, kind: NORMAL } });
    expect(polled.workflowExecution?.workflowId).toBe(elsewhere.workflowId);
    await handle.terminate();
    await elsewhere.terminate();
  });

  it('lets an SDK worker shut down promptly, its polls completed by the server', async () => {
    const taskQueue = `shutdown-sdk-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities,
      shutdownGraceTime: '10s',
    });
    const running = worker.run();
    const handles: WorkflowHandle[] = [];
    try {
      for (let i = 0; i < 5; i++) {
        handles.push(await env.client.workflow.start('keepsWorking', { taskQueue, workflowId: `wf-${randomUUID()}` }));
      }
      for (const h of handles) {
        for (let seen = false; !seen; await sleep(50)) {
          const { events } = await h.fetchHistory();
          seen = events!.some((e) => e.activityTaskScheduledEventAttributes);
        }
      }
      const started = Date.now();
      worker.shutdown();
      await running;
      // The worker waits for its polls (tens of milliseconds when the server ends them all); were one
      // left open, the SDK would give up on its slots after 5 s, or wait out a 60 s long poll.
      expect(Date.now() - started).toBeLessThan(4_500);
    } finally {
      for (const h of handles) await h.terminate().catch(() => undefined);
    }
  });
});

describe.skipIf(usingOfficialServer())('ShutdownWorker by default', () => {
  let env: TestWorkflowEnvironment;
  localSuite((ready) => (env = ready));

  it('does not offer to complete polls, as the real server with the value off', async () => {
    const ns = await env.client.workflowService.describeNamespace({ namespace: 'default' });
    expect(ns.namespaceInfo?.capabilities?.workerPollCompleteOnShutdown ?? false).toBe(false);
  });
});
