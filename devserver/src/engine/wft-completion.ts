// RespondWorkflowTaskCompleted: applies the worker's commands and protocol messages in order,
// then writes the events buffered while the task ran and schedules the next task if needed.
import { CommandType, commandAttributesField, EventType, WftFailedCause, WorkflowStatus } from '../enums.js';
import { invalidArgument, notFound } from '../grpc/errors.js';
import { durationMs, type Msg } from '../proto.js';
import { queueActivity, requestCancelActivity, scheduleActivity, startActivityTask } from './activities.js';
import { cancelExternal, signalExternal, startChild } from './children.js';
import { causeName, commandLimitViolation } from './command-limits.js';
import type { Engine } from './context.js';
import { detachBytes } from './detach-bytes.js';
import { flushBuffered, writeEvent, writeEvents } from './history.js';
import { closeIntoNextCronRun, isValidCron } from './cron.js';
import { closeRun, startRun } from './lifecycle.js';
import { closeFailedRun } from './workflow-retry.js';
import { answerQuery, redirectPendingQueries } from './queries.js';
import { decodeToken } from './tokens.js';
import { validateSearchAttributes } from '../visibility/search-attributes.js';
import { recordBuildId } from './build-ids.js';
import { acceptUpdate, completeUpdate, rejectUpdate } from './updates.js';
import { failWorkflowTask, isOpen, scheduleWorkflowTask } from './workflow-tasks.js';
import type { RunState } from './types.js';

const TERMINAL = new Set([CommandType.COMPLETE_WORKFLOW_EXECUTION, CommandType.FAIL_WORKFLOW_EXECUTION, CommandType.CANCEL_WORKFLOW_EXECUTION, CommandType.CONTINUE_AS_NEW_WORKFLOW_EXECUTION]);
const QUERY_ANSWERED = 1;

export function runOfWorkflowTask(engine: Engine, taskToken: Uint8Array): RunState {
  const token = decodeToken(taskToken);
  if (!token || token.kind !== 'wft') throw notFound('Workflow task not found.');
  const run = engine.store.getRun(token.runKey);
  if (!run || !isOpen(run)) throw notFound('Workflow execution already completed.');
  const wft = run.wft;
  if (!wft || wft.seq !== token.seq || wft.state !== 'started') throw notFound('Workflow task not found.');
  return run;
}

export function completeWorkflowTask(engine: Engine, req: Msg): Msg {
  const run = runOfWorkflowTask(engine, req.taskToken);
  const wft = run.wft!;
  const commands: Msg[] = req.commands ?? [];
  const identity = String(req.identity ?? '');
  answerQueryResults(engine, req.queryResults);
  const terminalAt = commands.findIndex((c) => TERMINAL.has(c.commandType));
  if (terminalAt >= 0 && terminalAt !== commands.length - 1) {
    throw invalidArgument(`invalid command sequence: a workflow-closing command must be the last command, found at position ${terminalAt + 1} of ${commands.length}`);
  }
  // A child's cron string is checked before anything is written, as the real server does.
  const badCron = commands.some((c) => {
    const cron = c.commandType === CommandType.START_CHILD_WORKFLOW_EXECUTION ? c.startChildWorkflowExecutionCommandAttributes?.cronSchedule : '';
    return Boolean(cron) && !isValidCron(String(cron));
  });
  if (badCron) {
    failWorkflowTask(engine, run, { cause: WftFailedCause.BAD_START_CHILD_EXECUTION_ATTRIBUTES!, identity });
    throw invalidArgument('invalid CronSchedule.');
  }
  // Over-long ids fail the task, its failure saying which, as on the real server.
  const violation = commandLimitViolation(commands);
  if (violation) {
    const message = `${causeName(violation.cause)}: ${violation.message}`;
    failWorkflowTask(engine, run, { cause: violation.cause, identity, failure: { message, serverFailureInfo: { nonRetryable: false } } });
    throw invalidArgument(message);
  }
  if (terminalAt >= 0 && run.buffered.length > 0) {
    failWorkflowTask(engine, run, { cause: WftFailedCause.UNHANDLED_COMMAND!, identity });
    throw invalidArgument('UnhandledCommand');
  }

  engine.timers.cancel(wft.timeoutTimerId);
  if (discardsSpeculativeTask(run, req)) return discardSpeculativeTask(engine, run, req);
  // A transient or speculative task that completes is written whole: Scheduled and Started, then Completed.
  if (wft.transientEvents) writeEvents(engine, run, wft.transientEvents);
  const completed = writeEvent(engine, run, EventType.WORKFLOW_TASK_COMPLETED!, {
    scheduledEventId: wft.scheduledEventId,
    startedEventId: wft.startedEventId,
    identity,
    binaryChecksum: req.binaryChecksum ?? '',
    sdkMetadata: req.sdkMetadata,
    meteringMetadata: req.meteringMetadata,
    workerVersion: req.workerVersionStamp,
    deployment: req.deployment,
    versioningBehavior: req.versioningBehavior ?? 0,
  });
  recordBuildId(run, req.workerVersionStamp);
  run.completing = true;
  run.previousStartedEventId = wft.startedEventId;
  run.completedWftCount++;
  run.wftAttempt = 1;
  run.sticky = stickyOf(req);

  const messages = new Map<string, Msg>();
  for (const m of req.messages ?? []) messages.set(m.id, m);
  const later: (() => void)[] = [];
  const eager: number[] = [];
  for (const cmd of commands) {
    const firstEventId = run.nextEventId;
    applyCommand(engine, run, cmd, completed.eventId, messages, later, identity, eager);
    // A command's user metadata (a timer's or an activity's summary, say) goes on the event it wrote.
    if (cmd.userMetadata && run.nextEventId > firstEventId) setUserMetadata(engine, run, firstEventId, cmd.userMetadata);
    if (!isOpen(run)) break;
  }
  for (const m of messages.values()) applyMessage(engine, run, m);
  for (const id of wft.sentUpdates) {
    const u = run.updates[id];
    if (u && u.state === 'sent') u.state = 'admitted';
  }

  if (!isOpen(run)) return {};
  run.completing = false;
  run.wft = null;
  engine.clock.unlockKey(`${run.key}|wft`);
  const hadBuffered = run.buffered.length > 0;
  flushBuffered(engine, run);
  const pendingUpdate = Object.values(run.updates).some((u) => u.state === 'admitted');
  if (hadBuffered || run.needsWft || req.forceCreateNewWorkflowTask || pendingUpdate) {
    run.needsWft = false;
    scheduleWorkflowTask(engine, run);
  } else {
    redirectPendingQueries(engine, run);
  }
  for (const fn of later) fn();
  engine.store.touch(run);
  // Eager activities go back to the worker in this response instead of through a poll.
  const activityTasks: Msg[] = [];
  for (const seid of eager) {
    const task = startActivityTask(engine, { kind: 'activity', runKey: run.key, scheduledEventId: seid, attempt: 1 }, { identity });
    if (task) activityTasks.push(task);
    else queueActivity(engine, run, seid);
  }
  return activityTasks.length > 0 ? { activityTasks } : {};
}

/**
 * A speculative task leaves no trace when it changed nothing, as on the real server: no commands,
 * only update rejections, no new task asked for, and no event written or waiting since it was scheduled.
 */
function discardsSpeculativeTask(run: RunState, req: Msg): boolean {
  const wft = run.wft!;
  if (!wft.speculative || (req.commands ?? []).length > 0 || req.forceCreateNewWorkflowTask || run.buffered.length > 0) return false;
  if (run.nextEventId !== wft.nextEventIdAtSchedule) return false;
  return ((req.messages ?? []) as Msg[]).every((m) => String(m.body?.type_url ?? '').endsWith('update.v1.Rejection'));
}

/** Drops a speculative task that changed nothing; the worker rolls its history back to the last task it completed. */
function discardSpeculativeTask(engine: Engine, run: RunState, req: Msg): Msg {
  const wft = run.wft!;
  for (const m of req.messages ?? []) applyMessage(engine, run, m);
  for (const id of wft.sentUpdates) {
    const u = run.updates[id];
    if (u && u.state === 'sent') u.state = 'admitted';
  }
  run.sticky = stickyOf(req);
  run.wft = null;
  engine.clock.unlockKey(`${run.key}|wft`);
  if (run.needsWft || Object.values(run.updates).some((u) => u.state === 'admitted')) {
    run.needsWft = false;
    scheduleWorkflowTask(engine, run, { speculative: true });
  } else {
    redirectPendingQueries(engine, run);
  }
  engine.store.touch(run);
  return { resetHistoryEventId: run.previousStartedEventId };
}

/** The sticky queue the completing worker asks for its next tasks, if any. */
function stickyOf(req: Msg): RunState['sticky'] {
  const queue = req.stickyAttributes?.workerTaskQueue?.name;
  return queue ? { queue, scheduleToStartMs: durationMs(req.stickyAttributes.scheduleToStartTimeout) || 10_000 } : null;
}

function answerQueryResults(engine: Engine, results: Record<string, Msg> | undefined): void {
  if (!results) return;
  for (const [id, r] of Object.entries(results)) {
    answerQuery(engine, id, { ok: r.resultType === QUERY_ANSWERED, result: r.answer, errorMessage: r.errorMessage, failure: r.failure });
  }
}

function applyMessage(engine: Engine, run: RunState, m: Msg): void {
  const url = String(m.body?.type_url ?? '');
  const body = m.body ? decodeBody(url, m.body.value) : null;
  if (!body) return;
  if (url.endsWith('update.v1.Acceptance')) acceptUpdate(engine, run, body);
  else if (url.endsWith('update.v1.Response')) completeUpdate(engine, run, body);
  else if (url.endsWith('update.v1.Rejection')) rejectUpdate(engine, run, body);
}

function decodeBody(url: string, value: Uint8Array): Msg {
  const name = url.replace(/^.*\//, '');
  return engineDecode(name, value);
}

import { decode as engineDecode } from '../proto.js';

function applyCommand(engine: Engine, run: RunState, cmd: Msg, completedId: number, messages: Map<string, Msg>, later: (() => void)[], identity: string, eager: number[]): void {
  const a = cmd[commandAttributesField(cmd.commandType)] ?? {};
  const now = engine.clock.now();
  switch (cmd.commandType) {
    case CommandType.SCHEDULE_ACTIVITY_TASK: {
      // Eager only onto the worker's own task queue, which is the one that completes this task.
      const isEager = a.requestEagerExecution === true && (!a.taskQueue?.name || a.taskQueue.name === run.taskQueue);
      const seid = scheduleActivity(engine, run, a, completedId, isEager);
      if (isEager) eager.push(seid);
      return;
    }
    case CommandType.REQUEST_CANCEL_ACTIVITY_TASK:
      return requestCancelActivity(engine, run, Number(a.scheduledEventId), completedId);
    case CommandType.START_TIMER: {
      const ev = writeEvent(engine, run, EventType.TIMER_STARTED!, { timerId: a.timerId, startToFireTimeout: a.startToFireTimeout, workflowTaskCompletedEventId: completedId });
      const recordId = engine.timers.set(now + durationMs(a.startToFireTimeout), 'userTimer', { runKey: run.key, timerId: a.timerId });
      run.timers[a.timerId] = { startedEventId: ev.eventId, timerRecordId: recordId };
      return;
    }
    case CommandType.CANCEL_TIMER: {
      const t = run.timers[a.timerId];
      if (!t) return;
      engine.timers.cancel(t.timerRecordId);
      delete run.timers[a.timerId];
      writeEvent(engine, run, EventType.TIMER_CANCELED!, { timerId: a.timerId, startedEventId: t.startedEventId, workflowTaskCompletedEventId: completedId, identity });
      return;
    }
    case CommandType.COMPLETE_WORKFLOW_EXECUTION: {
      const attrs = { result: a.result, workflowTaskCompletedEventId: completedId };
      if (closeIntoNextCronRun(engine, run, WorkflowStatus.COMPLETED!, EventType.WORKFLOW_EXECUTION_COMPLETED!, attrs, { result: a.result })) return;
      return closeRun(engine, run, WorkflowStatus.COMPLETED!, EventType.WORKFLOW_EXECUTION_COMPLETED!, attrs);
    }
    case CommandType.FAIL_WORKFLOW_EXECUTION:
      return closeFailedRun(engine, run, { kind: 'failed', failure: a.failure, workflowTaskCompletedEventId: completedId });
    case CommandType.CANCEL_WORKFLOW_EXECUTION:
      return closeRun(engine, run, WorkflowStatus.CANCELED!, EventType.WORKFLOW_EXECUTION_CANCELED!, { details: a.details, workflowTaskCompletedEventId: completedId });
    case CommandType.CONTINUE_AS_NEW_WORKFLOW_EXECUTION:
      return continueAsNew(engine, run, a, completedId);
    case CommandType.START_CHILD_WORKFLOW_EXECUTION: {
      const attrs = { ...a, namespace: a.namespace || run.namespace, workflowTaskCompletedEventId: completedId };
      delete attrs.versioningOverride;
      const ev = writeEvent(engine, run, EventType.START_CHILD_WORKFLOW_EXECUTION_INITIATED!, attrs);
      later.push(() => startChild(engine, run, ev.eventId, attrs, cmd.userMetadata ?? undefined));
      return;
    }
    case CommandType.SIGNAL_EXTERNAL_WORKFLOW_EXECUTION: {
      const ev = writeEvent(engine, run, EventType.SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED!, {
        namespace: a.namespace || run.namespace,
        workflowExecution: a.execution,
        signalName: a.signalName,
        input: a.input,
        control: a.control,
        childWorkflowOnly: a.childWorkflowOnly,
        header: a.header,
        workflowTaskCompletedEventId: completedId,
      });
      later.push(() => signalExternal(engine, run, ev.eventId, { ...a, workflowTaskCompletedEventId: completedId }));
      return;
    }
    case CommandType.REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION: {
      const execution = { workflowId: a.workflowId, runId: a.runId };
      const ev = writeEvent(engine, run, EventType.REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED!, {
        namespace: a.namespace || run.namespace,
        workflowExecution: execution,
        control: a.control,
        childWorkflowOnly: a.childWorkflowOnly,
        reason: a.reason,
        workflowTaskCompletedEventId: completedId,
      });
      later.push(() => cancelExternal(engine, run, ev.eventId, { ...a, execution, workflowTaskCompletedEventId: completedId }));
      return;
    }
    case CommandType.RECORD_MARKER:
      writeEvent(engine, run, EventType.MARKER_RECORDED!, { markerName: a.markerName, details: a.details, header: a.header, failure: a.failure, workflowTaskCompletedEventId: completedId });
      return;
    case CommandType.UPSERT_WORKFLOW_SEARCH_ATTRIBUTES:
      writeEvent(engine, run, EventType.UPSERT_WORKFLOW_SEARCH_ATTRIBUTES!, { searchAttributes: a.searchAttributes, workflowTaskCompletedEventId: completedId });
      try {
        validateSearchAttributes(engine, run.namespace, a.searchAttributes?.indexedFields ?? {});
      } catch {
        // The real server fails the task with BAD_SEARCH_ATTRIBUTES; the devserver keeps the values.
      }
      mergeSearchAttributes(run, a.searchAttributes?.indexedFields ?? {});
      return;
    case CommandType.MODIFY_WORKFLOW_PROPERTIES:
      writeEvent(engine, run, EventType.WORKFLOW_PROPERTIES_MODIFIED!, { upsertedMemo: a.upsertedMemo, workflowTaskCompletedEventId: completedId });
      run.memo = { fields: { ...(run.memo?.fields ?? {}), ...(a.upsertedMemo?.fields ?? {}) } };
      for (const [k, v] of Object.entries(run.memo.fields as Record<string, Msg>)) if (isEmptyPayload(v)) delete run.memo.fields[k];
      return;
    case CommandType.PROTOCOL_MESSAGE: {
      const m = messages.get(a.messageId);
      if (!m) return;
      messages.delete(a.messageId);
      applyMessage(engine, run, m);
      return;
    }
    default:
      throw invalidArgument(`command type ${cmd.commandType} is not supported by the devserver`);
  }
}

function setUserMetadata(engine: Engine, run: RunState, eventId: number, userMetadata: Msg): void {
  const ev = engine.store.history(run.key)[eventId - 1];
  if (ev?.eventId !== eventId) return;
  detachBytes(userMetadata);
  ev.userMetadata = userMetadata;
}

function isEmptyPayload(p: Msg): boolean {
  return !p?.data || p.data.length === 0 || Buffer.from(p.data).toString() === 'null' || Buffer.from(p.data).toString() === '[]';
}

/** Upserted search attributes; an empty value (null or []) removes the key. */
export function mergeSearchAttributes(run: RunState, fields: Record<string, Msg>): void {
  for (const [k, v] of Object.entries(fields)) {
    if (isEmptyPayload(v)) delete run.searchAttributes[k];
    else run.searchAttributes[k] = v;
  }
}

function continueAsNew(engine: Engine, run: RunState, a: Msg, completedId: number): void {
  const newRunId = engine.newId();
  const backoffMs = durationMs(a.backoffStartInterval);
  const runTimeoutMs = durationMs(a.workflowRunTimeout) || run.runTimeoutMs;
  const taskTimeoutMs = durationMs(a.workflowTaskTimeout) || run.taskTimeoutMs;
  const memo = a.memo ?? run.memo;
  const searchAttributes = a.searchAttributes?.indexedFields ? { ...a.searchAttributes.indexedFields } : { ...run.searchAttributes };
  const workflowType = a.workflowType?.name || run.workflowType;
  const taskQueue = a.taskQueue?.name || run.taskQueue;
  run.newExecutionRunId = newRunId;
  closeRun(engine, run, WorkflowStatus.CONTINUED_AS_NEW!, EventType.WORKFLOW_EXECUTION_CONTINUED_AS_NEW!, {
    newExecutionRunId: newRunId,
    workflowType: { name: workflowType },
    taskQueue: { name: taskQueue, kind: 1 },
    input: a.input,
    workflowRunTimeout: a.workflowRunTimeout,
    workflowTaskTimeout: a.workflowTaskTimeout,
    workflowTaskCompletedEventId: completedId,
    backoffStartInterval: a.backoffStartInterval,
    initiator: a.initiator,
    failure: a.failure,
    lastCompletionResult: a.lastCompletionResult,
    header: a.header,
    memo,
    searchAttributes: { indexedFields: searchAttributes },
  });
  startRun(engine, {
    runId: newRunId,
    namespace: run.namespace,
    workflowId: run.workflowId,
    workflowType,
    taskQueue,
    input: a.input,
    header: a.header,
    memo,
    searchAttributes,
    executionTimeoutMs: run.executionTimeoutMs,
    runTimeoutMs,
    taskTimeoutMs,
    identity: '',
    requestId: engine.newId(),
    startDelayMs: backoffMs,
    retryPolicy: a.retryPolicy ?? run.retryPolicy,
    parent: run.parent,
    root: run.root,
    continued: {
      fromRunId: run.runId,
      firstExecutionRunId: run.firstExecutionRunId,
      executionExpiresMs: run.executionExpiresMs,
      lastCompletionResult: a.lastCompletionResult,
      failure: a.failure,
      initiator: a.initiator ?? 0,
    },
  });
}

export function registerUserTimers(engine: Engine): void {
  engine.timers.register('userTimer', (data) => {
    const run = engine.store.getRun(String(data.runKey));
    const timerId = String(data.timerId);
    const t = run?.timers[timerId];
    if (!run || !t || !isOpen(run)) return;
    delete run.timers[timerId];
    writeOrBufferTimerFired(engine, run, timerId, t.startedEventId);
  });
}

import { makeEvent, writeOrBuffer } from './history.js';
function writeOrBufferTimerFired(engine: Engine, run: RunState, timerId: string, startedEventId: number): void {
  writeOrBuffer(engine, run, [makeEvent(engine, EventType.TIMER_FIRED!, { timerId, startedEventId })]);
  scheduleWorkflowTask(engine, run);
}
