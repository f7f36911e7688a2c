// Creating and closing runs, and what closing one means for its parent, children and waiters.
import { EventType, Initiator, ParentClosePolicy, TaskQueueKind, WorkflowStatus } from '../enums.js';
import { msDuration, msTimestamp, type Msg } from '../proto.js';
import { abortActivities } from './activities.js';
import type { Engine } from './context.js';
import { detachBytes } from './detach-bytes.js';
import { writeEvent, writeOrBuffer, makeEvent } from './history.js';
import { abortUpdates } from './updates.js';
import { dropWorkflowTask, isOpen, scheduleWorkflowTask } from './workflow-tasks.js';
import type { ParentInfo, RunState } from './types.js';
import { notifyParentOfClose, requestCancelRun, terminateRun } from './children.js';
import { redirectPendingQueries } from './queries.js';
import { closeFailedRun } from './workflow-retry.js';

export interface StartOptions {
  /** Preset when the id must be known before the run starts (continue-as-new). */
  runId?: string;
  namespace: string;
  workflowId: string;
  workflowType: string;
  taskQueue: string;
  input?: Msg;
  header?: Msg;
  memo?: Msg;
  searchAttributes?: Record<string, Msg>;
  executionTimeoutMs: number;
  runTimeoutMs: number;
  taskTimeoutMs: number;
  identity: string;
  requestId: string;
  startDelayMs: number;
  retryPolicy?: Msg;
  parent?: ParentInfo | null;
  root?: { workflowId: string; runId: string } | null;
  userMetadata?: Msg;
  priority?: Msg;
  cronSchedule?: string;
  continued?: { fromRunId: string; firstExecutionRunId: string; executionExpiresMs: number; lastCompletionResult?: Msg; failure?: Msg; initiator: number; attempt?: number };
  /** Eager workflow start: the first task is kept for the starter instead of offered to pollers. */
  eager?: boolean;
  /** Runs before the first workflow task is scheduled (signal-with-start writes its signal). */
  beforeFirstTask?: (run: RunState) => void;
}

/**
 * Start options for the run that follows `run` in its chain (a retry or the next cron run): the
 * same workflow, type, queue, input, memo, timeouts and parent. Callers add the delay and link.
 */
export function nextRunOptions(engine: Engine, run: RunState, runId: string, started: Msg): StartOptions {
  return {
    runId,
    namespace: run.namespace,
    workflowId: run.workflowId,
    workflowType: run.workflowType,
    taskQueue: run.taskQueue,
    input: started.input,
    header: started.header,
    memo: run.memo,
    searchAttributes: { ...run.searchAttributes },
    executionTimeoutMs: run.executionTimeoutMs,
    runTimeoutMs: run.runTimeoutMs,
    taskTimeoutMs: run.taskTimeoutMs,
    identity: '',
    requestId: engine.newId(),
    startDelayMs: 0,
    retryPolicy: run.retryPolicy,
    parent: run.parent,
    root: run.root,
  };
}

const DEFAULT_TASK_TIMEOUT_MS = 10_000;
const runLockPrefix = (run: RunState): string => `${run.key}|`;

export function startRun(engine: Engine, o: StartOptions): RunState {
  const runId = o.runId ?? engine.newId();
  const now = engine.clock.now();
  const taskTimeoutMs = o.taskTimeoutMs > 0 ? o.taskTimeoutMs : DEFAULT_TASK_TIMEOUT_MS;
  const executionExpiresMs = o.continued?.executionExpiresMs ?? (o.executionTimeoutMs > 0 ? now + o.executionTimeoutMs : 0);
  // A run may not outlive the execution timeout.
  let runTimeoutMs = o.runTimeoutMs > 0 ? o.runTimeoutMs : o.executionTimeoutMs;
  if (executionExpiresMs > 0 && (runTimeoutMs === 0 || now + runTimeoutMs > executionExpiresMs)) runTimeoutMs = Math.max(1, executionExpiresMs - now);
  const run: RunState = {
    key: `${o.namespace}/${o.workflowId}/${runId}`,
    namespace: o.namespace,
    workflowId: o.workflowId,
    runId,
    firstExecutionRunId: o.continued?.firstExecutionRunId ?? runId,
    workflowType: o.workflowType,
    taskQueue: o.taskQueue,
    status: WorkflowStatus.RUNNING!,
    startTimeMs: now,
    executionTimeMs: now + o.startDelayMs,
    closeTimeMs: 0,
    nextEventId: 1,
    startRequestId: o.requestId,
    requestIds: [],
    memo: o.memo ?? null,
    searchAttributes: { ...(o.searchAttributes ?? {}) },
    executionTimeoutMs: o.executionTimeoutMs,
    runTimeoutMs,
    taskTimeoutMs,
    executionExpiresMs,
    parent: o.parent ?? null,
    root: o.root ?? null,
    wft: null,
    completing: false,
    needsWft: false,
    backoffUntilMs: o.startDelayMs > 0 ? now + o.startDelayMs : 0,
    previousStartedEventId: 0,
    wftAttempt: 1,
    completedWftCount: 0,
    sticky: null,
    buffered: [],
    activities: {},
    timers: {},
    children: {},
    updates: {},
    cancelRequested: false,
    runTimerIds: [],
    closeEventId: 0,
    newExecutionRunId: '',
    historySizeBytes: 0,
    userMetadata: o.userMetadata ?? null,
    retryPolicy: o.retryPolicy ?? null,
    header: o.header ?? null,
    priority: o.priority ?? null,
  };
  engine.store.addRun(run);
  const parent = o.parent;
  const startedEvent = writeEvent(engine, run, EventType.WORKFLOW_EXECUTION_STARTED!, {
    workflowType: { name: o.workflowType },
    taskQueue: { name: o.taskQueue, kind: TaskQueueKind.NORMAL },
    input: o.input,
    header: o.header,
    workflowExecutionTimeout: msDuration(o.executionTimeoutMs),
    workflowRunTimeout: msDuration(o.runTimeoutMs > 0 ? runTimeoutMs : 0),
    workflowTaskTimeout: msDuration(taskTimeoutMs),
    identity: o.identity,
    originalExecutionRunId: runId,
    firstExecutionRunId: run.firstExecutionRunId,
    continuedExecutionRunId: o.continued?.fromRunId ?? '',
    // The first run of a cron workflow already counts as started by its schedule.
    initiator: o.continued?.initiator ?? (o.cronSchedule ? Initiator.CRON_SCHEDULE! : 0),
    lastCompletionResult: o.continued?.lastCompletionResult,
    continuedFailure: o.continued?.failure,
    attempt: o.continued?.attempt ?? 1,
    cronSchedule: o.cronSchedule ?? '',
    memo: o.memo,
    // A copy: the run's attributes change later (upserts, BuildIds), the event does not.
    searchAttributes: { indexedFields: { ...run.searchAttributes } },
    retryPolicy: o.retryPolicy,
    firstWorkflowTaskBackoff: o.startDelayMs > 0 ? msDuration(o.startDelayMs) : undefined,
    workflowExecutionExpirationTime: executionExpiresMs > 0 ? msTimestamp(executionExpiresMs) : undefined,
    parentWorkflowNamespace: parent?.namespace ?? '',
    parentWorkflowExecution: parent ? { workflowId: parent.workflowId, runId: parent.runId } : undefined,
    parentInitiatedEventId: parent?.initiatedEventId ?? 0,
    // Only a child names its root; a top-level run names none, as on the real server.
    rootWorkflowExecution: o.root ? { workflowId: o.root.workflowId, runId: o.root.runId } : undefined,
    priority: o.priority,
    workflowId: o.workflowId,
  });
  // The start request's (or the child command's) summary and details go on the event itself.
  if (o.userMetadata) {
    detachBytes(o.userMetadata);
    startedEvent.userMetadata = o.userMetadata;
  }
  if (runTimeoutMs > 0) run.runTimerIds.push(engine.timers.set(now + runTimeoutMs, 'runTimeout', { runKey: run.key }));
  o.beforeFirstTask?.(run);
  if (run.backoffUntilMs > 0) run.runTimerIds.push(engine.timers.set(run.backoffUntilMs, 'startBackoff', { runKey: run.key }));
  else if (!run.wft) scheduleWorkflowTask(engine, run, { dispatch: !o.eager });
  return run;
}

/** Starts a delayed run's first workflow task now (signal-with-start skips the delay). */
export function endStartBackoff(engine: Engine, run: RunState): void {
  if (run.backoffUntilMs === 0) return;
  run.backoffUntilMs = 0;
  engine.store.touch(run);
  scheduleWorkflowTask(engine, run);
}

/**
 * Writes the closing event and ends everything the run owns: its workflow task, timers,
 * activities and locks; informs the parent, applies the parent-close policy to children.
 */
export function closeRun(engine: Engine, run: RunState, status: number, eventType: number, attributes: Msg): void {
  if (!isOpen(run)) return;
  run.completing = false; // the close event must not be buffered
  dropWorkflowTask(engine, run);
  const ev = writeEvent(engine, run, eventType, attributes);
  run.closeEventId = ev.eventId;
  run.status = status;
  run.closeTimeMs = engine.clock.now();
  run.buffered = [];
  run.needsWft = false;
  for (const id of run.runTimerIds) engine.timers.cancel(id);
  run.runTimerIds = [];
  for (const t of Object.values(run.timers)) engine.timers.cancel(t.timerRecordId);
  run.timers = {};
  abortActivities(engine, run);
  engine.clock.unlockPrefix(runLockPrefix(run));
  abortUpdates(engine, run);
  redirectPendingQueries(engine, run);
  engine.store.touch(run);
  // Only the last run of a chain (continue-as-new, retry) reports to the parent.
  if (!run.newExecutionRunId) notifyParentOfClose(engine, run, ev);
  applyParentClosePolicy(engine, run);
  engine.live.historyChanged(run.key);
  for (const hook of engine.runClosedHooks) hook(run);
}

function applyParentClosePolicy(engine: Engine, run: RunState): void {
  for (const child of Object.values(run.children)) {
    if (!child.runId) continue;
    const childRun = engine.store.currentRun(child.namespace, child.workflowId);
    if (!childRun || !isOpen(childRun) || childRun.firstExecutionRunId !== firstRunOf(engine, child)) continue;
    const policy = child.parentClosePolicy || ParentClosePolicy.TERMINATE!;
    if (policy === ParentClosePolicy.TERMINATE) terminateRun(engine, childRun, 'by parent close policy', undefined, 'devserver');
    else if (policy === ParentClosePolicy.REQUEST_CANCEL) requestCancelRun(engine, childRun, { identity: 'devserver' });
  }
}

function firstRunOf(engine: Engine, child: { namespace: string; workflowId: string; runId: string }): string {
  return engine.store.getRun(`${child.namespace}/${child.workflowId}/${child.runId}`)?.firstExecutionRunId ?? '';
}

/** Signals a run: dedups by request id, writes (or buffers) the event, schedules a task. */
export function signalRun(engine: Engine, run: RunState, s: { signalName: string; input?: Msg; identity?: string; header?: Msg; requestId?: string; externalWorkflowExecution?: Msg }): void {
  if (s.requestId) {
    if (run.requestIds.includes(s.requestId)) return;
    run.requestIds.push(s.requestId);
  }
  writeOrBuffer(engine, run, [
    makeEvent(engine, EventType.WORKFLOW_EXECUTION_SIGNALED!, {
      signalName: s.signalName,
      input: s.input,
      identity: s.identity ?? '',
      header: s.header,
      requestId: s.requestId ?? '',
      externalWorkflowExecution: s.externalWorkflowExecution,
    }),
  ]);
  scheduleWorkflowTask(engine, run);
}

export function registerLifecycleTimers(engine: Engine): void {
  engine.timers.register('runTimeout', (data) => {
    const run = engine.store.getRun(String(data.runKey));
    if (!run || !isOpen(run)) return;
    closeFailedRun(engine, run, { kind: 'timedOut' });
  });
  engine.timers.register('startBackoff', (data) => {
    const run = engine.store.getRun(String(data.runKey));
    if (run && isOpen(run)) endStartBackoff(engine, run);
  });
}
