// Client RPCs on one execution: signal, cancel, terminate, describe, query and update.
import { requestCancelRun, terminateRun } from '../engine/children.js';
import type { Engine } from '../engine/context.js';
import { signalRun } from '../engine/lifecycle.js';
import { queryRun } from '../engine/queries.js';
import { admitUpdate, findUpdate, updateResponse, waitForStage } from '../engine/updates.js';
import type { RunState } from '../engine/types.js';
import { isOpen } from '../engine/workflow-tasks.js';
import { UpdateStage, WorkflowStatus } from '../enums.js';
import { longPollMs, type CallContext } from '../grpc/call-context.js';
import { Code, invalidArgument, notFound, RpcError } from '../grpc/errors.js';
import type { Handlers } from '../grpc/server.js';
import { msDuration, msTimestamp, type Msg } from '../proto.js';
import { checkLength } from './limits.js';
import { lookupRun } from './lookup.js';
import { historySize } from '../engine/history.js';
import { activityOptionsOf } from '../engine/activity-options.js';
import { withAttributeTypes } from '../visibility/search-attributes.js';

const UPDATE_POLL_MAX_MS = 20_000;
const QUERY_REJECT_NOT_OPEN = 2;
const QUERY_REJECT_NOT_COMPLETED_CLEANLY = 3;

export function describeRun(engine: Engine, run: RunState): Msg {
  return {
    executionConfig: {
      taskQueue: { name: run.taskQueue, kind: 1 },
      workflowExecutionTimeout: msDuration(run.executionTimeoutMs),
      workflowRunTimeout: msDuration(run.runTimeoutMs),
      defaultWorkflowTaskTimeout: msDuration(run.taskTimeoutMs),
      userMetadata: run.userMetadata ?? undefined,
    },
    workflowExecutionInfo: executionInfo(engine, run),
    pendingActivities: Object.values(run.activities).map((a) => ({
      activityId: a.activityId,
      activityType: { name: a.activityType },
      // CANCEL_REQUESTED, then PAUSE_REQUESTED (paused while running) and PAUSED, STARTED, SCHEDULED.
      state: a.cancelRequested ? 3 : a.paused ? (a.state === 'started' ? 5 : 4) : a.state === 'started' ? 2 : 1,
      paused: Boolean(a.paused),
      activityOptions: activityOptionsOf(a),
      pauseInfo: a.paused ? { pauseTime: msTimestamp(a.paused.timeMs), manual: { identity: a.paused.identity, reason: a.paused.reason } } : undefined,
      heartbeatDetails: a.heartbeatDetails ?? undefined,
      lastHeartbeatTime: a.lastHeartbeatMs ? msTimestamp(a.lastHeartbeatMs) : undefined,
      lastStartedTime: a.startedTimeMs ? msTimestamp(a.startedTimeMs) : undefined,
      attempt: a.attempt,
      maximumAttempts: a.retry.maxAttempts,
      scheduledTime: msTimestamp(a.attemptScheduledTimeMs),
      expirationTime: a.s2cMs ? msTimestamp(a.scheduledTimeMs + a.s2cMs) : undefined,
      lastFailure: a.lastFailure ?? undefined,
      lastWorkerIdentity: a.startedIdentity,
      lastAttemptCompleteTime: a.lastAttemptCompleteTimeMs ? msTimestamp(a.lastAttemptCompleteTimeMs) : undefined,
      // In backoff: when the next attempt is due, and the retry interval that led there.
      ...(a.state === 'backoff' && !a.paused && a.nextAttemptScheduleTimeMs && a.lastAttemptCompleteTimeMs
        ? {
            nextAttemptScheduleTime: msTimestamp(a.nextAttemptScheduleTimeMs),
            currentRetryInterval: msDuration(a.nextAttemptScheduleTimeMs - a.lastAttemptCompleteTimeMs),
          }
        : {}),
    })),
    pendingChildren: Object.values(run.children).map((c) => ({
      workflowId: c.workflowId,
      runId: c.runId,
      workflowTypeName: c.workflowType,
      initiatedId: c.initiatedEventId,
      parentClosePolicy: c.parentClosePolicy,
    })),
    pendingWorkflowTask: run.wft
      ? { state: run.wft.state === 'started' ? 2 : 1, scheduledTime: msTimestamp(run.wft.scheduledTimeMs), originalScheduledTime: msTimestamp(run.wft.scheduledTimeMs), startedTime: run.wft.startedTimeMs ? msTimestamp(run.wft.startedTimeMs) : undefined, attempt: run.wft.attempt }
      : undefined,
  };
}

export function executionInfo(engine: Engine, run: RunState): Msg {
  return {
    execution: { workflowId: run.workflowId, runId: run.runId },
    type: { name: run.workflowType },
    startTime: msTimestamp(run.startTimeMs),
    closeTime: run.closeTimeMs ? msTimestamp(run.closeTimeMs) : undefined,
    status: run.status,
    historyLength: run.nextEventId - 1,
    parentNamespaceId: run.parent?.namespace ?? '',
    parentExecution: run.parent ? { workflowId: run.parent.workflowId, runId: run.parent.runId } : undefined,
    executionTime: msTimestamp(run.executionTimeMs),
    memo: run.memo ?? undefined,
    searchAttributes: { indexedFields: withAttributeTypes(engine, run.namespace, run.searchAttributes) },
    taskQueue: run.taskQueue,
    historySizeBytes: historySize(engine, run),
    // A top-level run is its own root here, as on the real server (its started event names none).
    rootExecution: run.root ? { workflowId: run.root.workflowId, runId: run.root.runId } : { workflowId: run.workflowId, runId: run.runId },
    firstRunId: run.firstExecutionRunId,
    executionDuration: run.closeTimeMs ? msDuration(run.closeTimeMs - run.executionTimeMs) : undefined,
    stateTransitionCount: run.nextEventId,
  };
}

function openRun(engine: Engine, req: Msg, execution: Msg, firstExecutionRunId?: string): RunState {
  const run = lookupRun(engine, req.namespace, execution, firstExecutionRunId);
  if (!isOpen(run)) throw notFound('workflow execution already completed');
  return run;
}

async function update(engine: Engine, req: Msg, ctx: CallContext): Promise<Msg> {
  const request = req.request;
  if (!request?.meta?.updateId) throw invalidArgument('Update id is not set on request.');
  if (!request?.input?.name) throw invalidArgument('Update name is not set on request.');
  checkLength(request.meta.updateId, 'UpdateId length exceeds limit.');
  const run = lookupRun(engine, req.namespace, req.workflowExecution, req.firstExecutionRunId);
  const stage = req.waitPolicy?.lifecycleStage || UpdateStage.COMPLETED!;
  if (stage === UpdateStage.ADMITTED) throw new RpcError(Code.PERMISSION_DENIED, 'Waiting for the ADMITTED stage is not supported.');
  if (!isOpen(run)) {
    const done = run.updates[request.meta.updateId];
    if (done && done.state === 'completed' && !done.rejected) return updateResponse(run, done);
    throw notFound('workflow execution already completed');
  }
  const u = admitUpdate(engine, run, request);
  return waitForStage(engine, run, u, stage, longPollMs(ctx, UPDATE_POLL_MAX_MS), ctx.onCancel);
}

export function executionHandlers(engine: Engine): Handlers {
  return {
    SignalWorkflowExecution: (req: Msg) => {
      checkLength(req.signalName, 'SignalName length exceeds limit.');
      checkLength(req.requestId, 'RequestId length exceeds limit.');
      const run = lookupRun(engine, req.namespace, req.workflowExecution);
      if (req.requestId && run.requestIds.includes(req.requestId)) return {};
      if (!isOpen(run)) throw notFound('workflow execution already completed');
      if (!req.signalName) throw invalidArgument('SignalName is not set on request.');
      signalRun(engine, run, { signalName: req.signalName, input: req.input, identity: req.identity, header: req.header, requestId: req.requestId });
      return {};
    },
    RequestCancelWorkflowExecution: (req: Msg) => {
      const run = lookupRun(engine, req.namespace, req.workflowExecution, req.firstExecutionRunId);
      requestCancelRun(engine, run, { identity: req.identity, cause: req.reason });
      return {};
    },
    TerminateWorkflowExecution: (req: Msg) => {
      const run = openRun(engine, req, req.workflowExecution, req.firstExecutionRunId);
      terminateRun(engine, run, req.reason ?? '', req.details, req.identity ?? '');
      return {};
    },
    // A running run is terminated first, as on the real server; the workflow id's other runs stay.
    DeleteWorkflowExecution: (req: Msg) => {
      const run = lookupRun(engine, req.namespace, req.workflowExecution);
      if (isOpen(run)) terminateRun(engine, run, 'Delete workflow execution', undefined, '');
      engine.store.deleteRun(run.key);
      return {};
    },
    DescribeWorkflowExecution: (req: Msg) => describeRun(engine, lookupRun(engine, req.namespace, req.execution)),
    QueryWorkflow: async (req: Msg, ctx) => {
      const run = lookupRun(engine, req.namespace, req.execution);
      if (!req.query?.queryType) throw invalidArgument('QueryType is not set on request.');
      if (!isOpen(run)) {
        const cond = req.queryRejectCondition ?? 0;
        if (cond === QUERY_REJECT_NOT_OPEN || (cond === QUERY_REJECT_NOT_COMPLETED_CLEANLY && run.status !== WorkflowStatus.COMPLETED)) {
          return { queryRejected: { status: run.status } };
        }
        if (run.completedWftCount === 0) throw new RpcError(Code.FAILED_PRECONDITION, 'workflow closed before a workflow task was completed', { type: 'WorkflowNotReadyFailure', value: {} });
      }
      return queryRun(engine, run, req.query, ctx.onCancel);
    },
    UpdateWorkflowExecution: (req: Msg, ctx) => update(engine, req, ctx),
    PollWorkflowExecutionUpdate: (req: Msg, ctx) => {
      const ref = req.updateRef ?? {};
      const run = lookupRun(engine, req.namespace, ref.workflowExecution);
      const u = findUpdate(run, String(ref.updateId ?? ''));
      const stage = req.waitPolicy?.lifecycleStage || UpdateStage.COMPLETED!;
      return waitForStage(engine, run, u, stage, longPollMs(ctx, UPDATE_POLL_MAX_MS), ctx.onCancel);
    },
  };
}

export { update as updateWorkflow };
