/**
 * The workers polling the engine's task queue, from Temporal's description of it: the first thing
 * to check when runs do not move is whether any worker is there to run them.
 */
import type { Client } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time.js';
import proto from '@temporalio/proto';

export interface PollingWorker {
  identity: string;
  lastPolledAt: Date;
}

const { TASK_QUEUE_KIND_NORMAL } = proto.temporal.api.enums.v1.TaskQueueKind;
const { TASK_QUEUE_TYPE_WORKFLOW, TASK_QUEUE_TYPE_ACTIVITY } = proto.temporal.api.enums.v1.TaskQueueType;

/**
 * Each worker identity that polled the task queue for workflow or activity tasks within the
 * server's poller history (the last five minutes on Temporal), the latest first.
 */
export async function pollingWorkers(temporal: Client, taskQueue: string): Promise<PollingWorker[]> {
  // Workflow and activity pollers are described apart; both calls go at once.
  const described = await Promise.all(
    [TASK_QUEUE_TYPE_WORKFLOW, TASK_QUEUE_TYPE_ACTIVITY].map((taskQueueType) =>
      temporal.workflowService.describeTaskQueue({
        namespace: temporal.options.namespace,
        taskQueue: { name: taskQueue, kind: TASK_QUEUE_KIND_NORMAL },
        taskQueueType,
      }),
    ),
  );
  const lastPolled = new Map<string, number>();
  for (const p of described.flatMap((d) => d.pollers ?? [])) {
    const identity = p.identity ?? '';
    lastPolled.set(identity, Math.max(optionalTsToMs(p.lastAccessTime) ?? 0, lastPolled.get(identity) ?? 0));
  }
  return [...lastPolled]
    .map(([identity, at]) => ({ identity, lastPolledAt: new Date(at) }))
    .sort((a, b) => b.lastPolledAt.getTime() - a.lastPolledAt.getTime());
}
