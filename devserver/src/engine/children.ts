// Child workflows, external signals and cancels, termination and cancel requests.
import { eventAttributesField, EventType, WftFailedCause, WorkflowStatus } from '../enums.js';
import { durationMs, type Msg } from '../proto.js';
import type { Engine } from './context.js';
import { firstCronDelayMs } from './cron.js';
import { makeEvent, writeEvent, writeOrBuffer } from './history.js';
import { closeRun, signalRun, startRun } from './lifecycle.js';
import { checkStartAllowed } from './start-policy.js';
import { isOpen, scheduleWorkflowTask, writeSpeculativeEvents } from './workflow-tasks.js';
import type { HistoryEvent, RunState } from './types.js';

export function terminateRun(engine: Engine, run: RunState, reason: string, details: Msg, identity: string): void {
  if (!isOpen(run)) return;
  if (run.wft?.state === 'started' && !run.wft.transient) {
    writeSpeculativeEvents(engine, run);
    writeEvent(engine, run, EventType.WORKFLOW_TASK_FAILED!, {
      scheduledEventId: run.wft.scheduledEventId,
      startedEventId: run.wft.startedEventId,
      cause: WftFailedCause.FORCE_CLOSE_COMMAND,
      identity,
    });
  }
  closeRun(engine, run, WorkflowStatus.TERMINATED!, EventType.WORKFLOW_EXECUTION_TERMINATED!, { reason, details, identity });
}

export function requestCancelRun(engine: Engine, run: RunState, r: { identity?: string; cause?: string; externalInitiatedEventId?: number; externalWorkflowExecution?: Msg }): void {
  if (!isOpen(run) || run.cancelRequested) return;
  run.cancelRequested = true;
  writeOrBuffer(engine, run, [
    makeEvent(engine, EventType.WORKFLOW_EXECUTION_CANCEL_REQUESTED!, {
      cause: r.cause ?? '',
      identity: r.identity ?? '',
      externalInitiatedEventId: r.externalInitiatedEventId ?? 0,
      externalWorkflowExecution: r.externalWorkflowExecution,
    }),
  ]);
  scheduleWorkflowTask(engine, run);
}

const CHILD_CLOSE_EVENTS: Record<number, [number, string[]]> = {
  [WorkflowStatus.COMPLETED!]: [EventType.CHILD_WORKFLOW_EXECUTION_COMPLETED!, ['result']],
  [WorkflowStatus.FAILED!]: [EventType.CHILD_WORKFLOW_EXECUTION_FAILED!, ['failure', 'retryState']],
  [WorkflowStatus.CANCELED!]: [EventType.CHILD_WORKFLOW_EXECUTION_CANCELED!, ['details']],
  [WorkflowStatus.TIMED_OUT!]: [EventType.CHILD_WORKFLOW_EXECUTION_TIMED_OUT!, ['retryState']],
  [WorkflowStatus.TERMINATED!]: [EventType.CHILD_WORKFLOW_EXECUTION_TERMINATED!, []],
};

/** Tells the parent its child's chain has closed. */
export function notifyParentOfClose(engine: Engine, run: RunState, closeEvent: HistoryEvent): void {
  const p = run.parent;
  if (!p) return;
  const parent = engine.store.getRun(`${p.namespace}/${p.workflowId}/${p.runId}`);
  if (!parent || !isOpen(parent)) return;
  const child = parent.children[p.initiatedEventId];
  if (!child) return;
  delete parent.children[p.initiatedEventId];
  const spec = CHILD_CLOSE_EVENTS[run.status];
  if (!spec) return;
  const [eventType, fields] = spec;
  const closeAttrs = closeEvent[eventAttributesField(closeEvent.eventType)] ?? {};
  const attrs: Msg = {
    namespace: run.namespace,
    workflowExecution: { workflowId: run.workflowId, runId: run.runId },
    workflowType: { name: run.workflowType },
    initiatedEventId: p.initiatedEventId,
    startedEventId: child.startedEventId,
  };
  for (const f of fields) attrs[f] = closeAttrs[f];
  writeOrBuffer(engine, parent, [makeEvent(engine, eventType, attrs)]);
  scheduleWorkflowTask(engine, parent);
}

/** Starts a child after the parent's StartChildWorkflowExecutionInitiated event. */
export function startChild(engine: Engine, parent: RunState, initiatedEventId: number, a: Msg, userMetadata?: Msg): void {
  const namespace = a.namespace || parent.namespace;
  const workflowType = a.workflowType?.name ?? '';
  const refusal = checkStartAllowed(engine, namespace, a.workflowId, a.workflowIdReusePolicy ?? 0, 0, '');
  if (refusal) {
    writeOrBuffer(engine, parent, [
      makeEvent(engine, EventType.START_CHILD_WORKFLOW_EXECUTION_FAILED!, {
        namespace,
        workflowId: a.workflowId,
        workflowType: { name: workflowType },
        cause: 1, // START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_WORKFLOW_ALREADY_EXISTS
        control: a.control ?? '',
        initiatedEventId,
        workflowTaskCompletedEventId: a.workflowTaskCompletedEventId,
      }),
    ]);
    scheduleWorkflowTask(engine, parent);
    return;
  }
  const child = startRun(engine, {
    namespace,
    workflowId: a.workflowId,
    workflowType,
    taskQueue: a.taskQueue?.name || parent.taskQueue,
    input: a.input,
    header: a.header,
    memo: a.memo,
    searchAttributes: a.searchAttributes?.indexedFields ?? {},
    executionTimeoutMs: durationMs(a.workflowExecutionTimeout),
    runTimeoutMs: durationMs(a.workflowRunTimeout),
    taskTimeoutMs: durationMs(a.workflowTaskTimeout),
    identity: '',
    requestId: engine.newId(),
    // A cron child's first run waits for the first cron time, as a cron start does.
    startDelayMs: a.cronSchedule ? firstCronDelayMs(engine, String(a.cronSchedule)) : 0,
    cronSchedule: a.cronSchedule || undefined,
    retryPolicy: a.retryPolicy,
    parent: { namespace: parent.namespace, workflowId: parent.workflowId, runId: parent.runId, initiatedEventId },
    root: parent.root ?? { workflowId: parent.workflowId, runId: parent.runId },
    priority: a.priority,
    userMetadata,
  });
  const started = makeEvent(engine, EventType.CHILD_WORKFLOW_EXECUTION_STARTED!, {
    namespace,
    initiatedEventId,
    workflowExecution: { workflowId: child.workflowId, runId: child.runId },
    workflowType: { name: workflowType },
    header: a.header,
  });
  writeOrBuffer(engine, parent, [started]);
  parent.children[initiatedEventId] = {
    initiatedEventId,
    startedEventId: started.eventId,
    namespace,
    workflowId: child.workflowId,
    runId: child.runId,
    workflowType,
    parentClosePolicy: a.parentClosePolicy ?? 0,
  };
  scheduleWorkflowTask(engine, parent);
}

function target(engine: Engine, source: RunState, a: Msg): RunState | undefined {
  const ns = a.namespace || source.namespace;
  const exec = a.execution ?? a.workflowExecution ?? {};
  const run = engine.store.findRun(ns, exec.workflowId, exec.runId || undefined);
  return run && isOpen(run) ? run : undefined;
}

export function signalExternal(engine: Engine, source: RunState, initiatedEventId: number, a: Msg): void {
  const ns = a.namespace || source.namespace;
  const t = target(engine, source, a);
  if (!t) {
    writeOrBuffer(engine, source, [
      makeEvent(engine, EventType.SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED!, {
        cause: 1, // EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND
        workflowTaskCompletedEventId: a.workflowTaskCompletedEventId,
        namespace: ns,
        workflowExecution: a.execution,
        initiatedEventId,
        control: a.control ?? '',
      }),
    ]);
  } else {
    signalRun(engine, t, {
      signalName: a.signalName,
      input: a.input,
      header: a.header,
      identity: '',
      requestId: `${source.key}|${initiatedEventId}`,
      externalWorkflowExecution: { workflowId: source.workflowId, runId: source.runId },
    });
    writeOrBuffer(engine, source, [
      makeEvent(engine, EventType.EXTERNAL_WORKFLOW_EXECUTION_SIGNALED!, {
        initiatedEventId,
        namespace: ns,
        workflowExecution: { workflowId: t.workflowId, runId: t.runId },
        control: a.control ?? '',
      }),
    ]);
  }
  scheduleWorkflowTask(engine, source);
}

export function cancelExternal(engine: Engine, source: RunState, initiatedEventId: number, a: Msg): void {
  const ns = a.namespace || source.namespace;
  const t = target(engine, source, a);
  if (!t) {
    writeOrBuffer(engine, source, [
      makeEvent(engine, EventType.REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED!, {
        cause: 1,
        workflowTaskCompletedEventId: a.workflowTaskCompletedEventId,
        namespace: ns,
        workflowExecution: a.execution,
        initiatedEventId,
        control: a.control ?? '',
      }),
    ]);
  } else {
    requestCancelRun(engine, t, { identity: '', externalInitiatedEventId: initiatedEventId, externalWorkflowExecution: { workflowId: source.workflowId, runId: source.runId } });
    writeOrBuffer(engine, source, [
      makeEvent(engine, EventType.EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED!, {
        initiatedEventId,
        namespace: ns,
        workflowExecution: { workflowId: t.workflowId, runId: t.runId },
      }),
    ]);
  }
  scheduleWorkflowTask(engine, source);
}
