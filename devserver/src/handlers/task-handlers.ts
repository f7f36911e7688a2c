// Worker-facing RPCs: polls and task responses for workflow, activity and query tasks.
import { cancelActivity, completeActivity, failAttempt, findActivity, heartbeat, startActivityTask } from '../engine/activities.js';
import type { Engine } from '../engine/context.js';
import { answerQuery } from '../engine/queries.js';
import { decodeToken } from '../engine/tokens.js';
import { completeWorkflowTask, runOfWorkflowTask } from '../engine/wft-completion.js';
import { failWorkflowTask, moveToNormalQueue, startWorkflowTask } from '../engine/workflow-tasks.js';
import { TaskQueueKind, TaskQueueType } from '../enums.js';
import { longPollMs } from '../grpc/call-context.js';
import { invalidArgument, notFound } from '../grpc/errors.js';
import type { Handlers } from '../grpc/server.js';
import { msTimestamp, type Msg } from '../proto.js';
import { lookupRun, requireNamespace } from './lookup.js';

const POLL_MAX_MS = 60_000;

function activityRef(req: Msg): { namespace: string; workflowId: string; runId: string; activityId: string } {
  return { namespace: req.namespace || 'default', workflowId: req.workflowId, runId: req.runId, activityId: req.activityId };
}

/** Who polls: the worker's identity, and its instance key when it sent one. */
const pollerOf = (req: Msg): { identity: string; workerKey?: string } => ({
  identity: String(req.identity ?? ''),
  ...(req.workerInstanceKey ? { workerKey: String(req.workerInstanceKey) } : {}),
});

/** How long a poller stays in DescribeTaskQueue after its last poll (the real server's poller history TTL). */
const POLLER_HISTORY_MS = 5 * 60_000;

/**
 * The worker's open polls on its task queue (and sticky queue) return empty, and later ones there
 * return empty at once, so the SDK may let its polls finish instead of dropping them, and no task
 * goes to a poll the worker has abandoned. The types default to workflow and activity, as on the real server.
 */
function completePollsOf(engine: Engine, namespace: string, req: Msg): void {
  const name = String(req.taskQueue ?? '');
  const [workflow, activity] = [TaskQueueType.WORKFLOW!, TaskQueueType.ACTIVITY!];
  const types: number[] = req.taskQueueTypes?.length ? req.taskQueueTypes : [workflow, activity];
  const queues: { kind: 'workflow' | 'activity'; name: string }[] = [];
  if (name && types.includes(workflow)) queues.push({ kind: 'workflow', name });
  if (name && types.includes(activity)) queues.push({ kind: 'activity', name });
  if (req.stickyTaskQueue) queues.push({ kind: 'workflow', name: String(req.stickyTaskQueue) });
  engine.matching.completePollsOf(namespace, { key: String(req.workerInstanceKey), identity: String(req.identity ?? '') }, queues);
}

export function taskHandlers(engine: Engine): Handlers {
  return {
    PollWorkflowTaskQueue: async (req: Msg, ctx) => {
      const namespace = requireNamespace(engine, req.namespace);
      const name = req.taskQueue?.name;
      if (!name) throw invalidArgument('TaskQueue is not set on request.');
      const sticky = req.taskQueue.kind === TaskQueueKind.STICKY;
      const res = await engine.matching.poll(namespace, 'workflow', name, longPollMs(ctx, POLL_MAX_MS), (item) => startWorkflowTask(engine, item, req, sticky), ctx.onCancel, pollerOf(req));
      return res ?? {};
    },
    RespondWorkflowTaskCompleted: (req: Msg) => completeWorkflowTask(engine, req),
    RespondWorkflowTaskFailed: (req: Msg) => {
      const run = runOfWorkflowTask(engine, req.taskToken);
      failWorkflowTask(engine, run, { cause: req.cause ?? 0, failure: req.failure, identity: req.identity });
      return {};
    },
    RespondQueryTaskCompleted: (req: Msg) => {
      const token = decodeToken(req.taskToken);
      if (!token || token.kind !== 'query') throw notFound('query task not found');
      answerQuery(engine, token.queryId, { ok: req.completedType === 1, result: req.queryResult, errorMessage: req.errorMessage, failure: req.failure });
      return {};
    },
    ResetStickyTaskQueue: (req: Msg) => {
      moveToNormalQueue(engine, lookupRun(engine, req.namespace, req.execution));
      return {};
    },
    ShutdownWorker: (req: Msg) => {
      const namespace = req.namespace || 'default';
      if (engine.settings.cancelWorkerPollsOnShutdown && req.workerInstanceKey) completePollsOf(engine, namespace, req);
      const queue = String(req.stickyTaskQueue ?? '');
      if (!queue) return {};
      engine.matching.drain(namespace, 'workflow', queue);
      for (const run of engine.store.allRuns()) {
        if (run.sticky?.queue === queue && run.namespace === namespace) moveToNormalQueue(engine, run);
      }
      return {};
    },

    DescribeTaskQueue: (req: Msg) => {
      const namespace = requireNamespace(engine, req.namespace);
      const kind = req.taskQueueType === TaskQueueType.ACTIVITY ? 'activity' : 'workflow';
      const name = String(req.taskQueue?.name ?? '');
      if (!name) throw invalidArgument('TaskQueue is not set on request.');
      const pollers = engine.matching.pollersOf(namespace, kind, name, POLLER_HISTORY_MS);
      return { pollers: pollers.map((p) => ({ identity: p.identity, lastAccessTime: msTimestamp(p.lastAccessMs), ratePerSecond: 100000 })) };
    },
    PollActivityTaskQueue: async (req: Msg, ctx) => {
      const namespace = requireNamespace(engine, req.namespace);
      const name = req.taskQueue?.name;
      if (!name) throw invalidArgument('TaskQueue is not set on request.');
      const res = await engine.matching.poll(namespace, 'activity', name, longPollMs(ctx, POLL_MAX_MS), (item) => startActivityTask(engine, item, req), ctx.onCancel, pollerOf(req));
      return res ?? {};
    },
    RespondActivityTaskCompleted: (req: Msg) => {
      const { run, act } = findActivity(engine, decodeToken(req.taskToken) ?? { kind: 'query', queryId: '' });
      completeActivity(engine, run, act, req.result, req.identity ?? '');
      return {};
    },
    RespondActivityTaskCompletedById: (req: Msg) => {
      const { run, act } = findActivity(engine, activityRef(req));
      completeActivity(engine, run, act, req.result, req.identity ?? '');
      return {};
    },
    RespondActivityTaskFailed: (req: Msg) => {
      const { run, act } = findActivity(engine, decodeToken(req.taskToken) ?? { kind: 'query', queryId: '' });
      if (req.lastHeartbeatDetails) act.heartbeatDetails = req.lastHeartbeatDetails;
      failAttempt(engine, run, act, req.failure, req.identity ?? '');
      return { failures: [] };
    },
    RespondActivityTaskFailedById: (req: Msg) => {
      const { run, act } = findActivity(engine, activityRef(req));
      failAttempt(engine, run, act, req.failure, req.identity ?? '');
      return { failures: [] };
    },
    RespondActivityTaskCanceled: (req: Msg) => {
      const { run, act } = findActivity(engine, decodeToken(req.taskToken) ?? { kind: 'query', queryId: '' });
      cancelActivity(engine, run, act, req.details, req.identity ?? '');
      return {};
    },
    RespondActivityTaskCanceledById: (req: Msg) => {
      const { run, act } = findActivity(engine, activityRef(req));
      cancelActivity(engine, run, act, req.details, req.identity ?? '');
      return {};
    },
    RecordActivityTaskHeartbeat: (req: Msg) => {
      const { run, act } = findActivity(engine, decodeToken(req.taskToken) ?? { kind: 'query', queryId: '' });
      return heartbeat(engine, run, act, req.details);
    },
    RecordActivityTaskHeartbeatById: (req: Msg) => {
      const { run, act } = findActivity(engine, activityRef(req));
      return heartbeat(engine, run, act, req.details);
    },
  };
}
