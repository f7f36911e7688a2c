// Workflow task lifecycle: schedule (normal or sticky queue), start on poll, fail, time out.
import { EventType, SuggestContinueAsNewReason, TaskQueueKind, TimeoutType, WftFailedCause } from '../enums.js';
import { tooManyUpdates } from './updates.js';
import { anyOf, msDuration, msTimestamp, type Msg } from '../proto.js';
import type { Engine } from './context.js';
import { flushBuffered, historySize, makeEvent, writeEvent, writeEvents } from './history.js';
import type { QueueItem } from './matching.js';
import { encodeToken } from './tokens.js';
import type { HistoryEvent, RunState } from './types.js';
import { typedOutgoingEvents } from '../visibility/search-attributes.js';

export const isOpen = (run: RunState): boolean => run.closeEventId === 0;
const wftLock = (run: RunState): string => `${run.key}|wft`;
// A sticky queue nobody polled for this long is treated as gone.
const STICKY_ABSENT_MS = 5_000;

/**
 * Schedules a workflow task unless one is pending (then one follows it). A speculative one (for an
 * update) writes nothing unless it turns out to change the workflow.
 */
export function scheduleWorkflowTask(engine: Engine, run: RunState, options: { speculative?: boolean; dispatch?: boolean } = {}): void {
  if (!isOpen(run)) return;
  if (run.wft) {
    run.needsWft = true;
    engine.store.touch(run);
    return;
  }
  if (run.backoffUntilMs > 0) return; // the backoff timer schedules the first task
  run.needsWft = false;
  const sticky = run.sticky !== null && engine.matching.hasRecentPoller(run.namespace, 'workflow', run.sticky.queue, STICKY_ABSENT_MS);
  const queue = sticky ? run.sticky!.queue : run.taskQueue;
  // A retry after a failed attempt (never sticky: a failure clears stickiness) stays out of history.
  const transient = run.wftAttempt > 1;
  // Only a workflow that has completed a task, with nothing waiting to be written, gets a speculative one.
  const speculative = !transient && options.speculative === true && run.completedWftCount > 0 && run.buffered.length === 0;
  const unwritten = transient || speculative;
  const scheduledEventId = unwritten ? 0 : writeEvent(engine, run, EventType.WORKFLOW_TASK_SCHEDULED!, scheduledAttributes(run, queue, sticky, run.wftAttempt)).eventId;
  // History does not grow between unwritten tasks, so a count of them tells their tokens apart.
  if (unwritten) run.unwrittenWftCount = (run.unwrittenWftCount ?? 0) + 1;
  const seq = engine.store.history(run.key).length + (unwritten ? run.unwrittenWftCount! * 1_000_000_000 : 0);
  run.wft = {
    state: 'scheduled',
    seq,
    scheduledEventId,
    startedEventId: 0,
    attempt: run.wftAttempt,
    queue,
    sticky,
    scheduledTimeMs: engine.clock.now(),
    startedTimeMs: 0,
    identity: '',
    timeoutTimerId: 0,
    sentUpdates: [],
    ...(transient ? { transient } : {}),
    ...(speculative ? { speculative, nextEventIdAtSchedule: run.nextEventId } : {}),
  };
  engine.clock.lockKey(wftLock(run));
  if (sticky) {
    const at = engine.clock.now() + (run.sticky!.scheduleToStartMs || 10_000);
    run.wft.timeoutTimerId = engine.timers.set(at, 'wftStickyFallback', { runKey: run.key, seq });
  }
  // An eager start takes its first task itself: it is not offered to pollers.
  if (options.dispatch !== false) engine.matching.enqueue(run.namespace, 'workflow', queue, { kind: 'wft', runKey: run.key, seq });
}

/** Offers a scheduled task that was kept back (an eager start that could not take it) to pollers. */
export function dispatchWorkflowTask(engine: Engine, run: RunState): void {
  const wft = run.wft;
  if (wft?.state === 'scheduled') engine.matching.enqueue(run.namespace, 'workflow', wft.queue, { kind: 'wft', runKey: run.key, seq: wft.seq });
}

function scheduledAttributes(run: RunState, queue: string, sticky: boolean, attempt: number): Msg {
  return {
    taskQueue: { name: queue, kind: sticky ? TaskQueueKind.STICKY : TaskQueueKind.NORMAL, normalName: sticky ? run.taskQueue : '' },
    startToCloseTimeout: msDuration(run.taskTimeoutMs),
    attempt,
  };
}

/** Re-queues a run's sticky task on its normal queue: its sticky worker has gone (ShutdownWorker, ResetStickyTaskQueue). */
export function moveToNormalQueue(engine: Engine, run: RunState): void {
  const wft = run.wft;
  run.sticky = null;
  engine.store.touch(run);
  if (!wft || wft.state !== 'scheduled' || !wft.sticky) return;
  engine.timers.cancel(wft.timeoutTimerId);
  wft.timeoutTimerId = 0;
  wft.sticky = false;
  wft.queue = run.taskQueue;
  wft.seq += 1_000_000; // invalidates the sticky queue item
  engine.matching.enqueue(run.namespace, 'workflow', run.taskQueue, { kind: 'wft', runKey: run.key, seq: wft.seq });
}

/** Starts the task a poller took and builds its poll response; null when the item is stale. */
export function startWorkflowTask(engine: Engine, item: QueueItem, poll: Msg, fromStickyQueue: boolean): Msg | null {
  if (item.kind === 'query') return dispatchLegacyQuery(engine, item.queryId, fromStickyQueue);
  if (item.kind !== 'wft') return null;
  const run = engine.store.getRun(item.runKey);
  const wft = run?.wft;
  if (!run || !wft || wft.seq !== item.seq || wft.state !== 'scheduled' || !isOpen(run)) return null;
  engine.timers.cancel(wft.timeoutTimerId);
  const identity = String(poll.identity ?? '');
  // As on the real server: the size of the events written before this task's Started event, and
  // continue-as-new suggested once that size, the event count or the updates reach their limits.
  const sizeBytes = historySize(engine, run);
  const reasons: number[] = [];
  if (sizeBytes >= engine.settings.suggestContinueAsNewHistorySize) reasons.push(SuggestContinueAsNewReason.HISTORY_SIZE_TOO_LARGE!);
  if (run.nextEventId >= engine.settings.suggestContinueAsNewHistoryCount) reasons.push(SuggestContinueAsNewReason.TOO_MANY_HISTORY_EVENTS!);
  if (tooManyUpdates(run)) reasons.push(SuggestContinueAsNewReason.TOO_MANY_UPDATES!);
  const startedAttributes = (scheduledEventId: number): Msg => ({
    scheduledEventId,
    identity,
    requestId: engine.newId(),
    historySizeBytes: sizeBytes,
    suggestContinueAsNew: reasons.length > 0,
    suggestContinueAsNewReasons: reasons,
  });
  let started: HistoryEvent;
  if (wft.transient || wft.speculative) {
    // Shown to the worker with the ids they will have if this attempt completes; not written.
    const scheduled = makeEvent(engine, EventType.WORKFLOW_TASK_SCHEDULED!, scheduledAttributes(run, wft.queue, wft.sticky, wft.attempt));
    scheduled.eventId = run.nextEventId;
    scheduled.eventTime = msTimestamp(wft.scheduledTimeMs);
    started = makeEvent(engine, EventType.WORKFLOW_TASK_STARTED!, startedAttributes(scheduled.eventId));
    started.eventId = scheduled.eventId + 1;
    wft.scheduledEventId = scheduled.eventId;
    wft.transientEvents = [scheduled, started];
  } else {
    started = writeEvent(engine, run, EventType.WORKFLOW_TASK_STARTED!, startedAttributes(wft.scheduledEventId));
  }
  wft.state = 'started';
  wft.startedEventId = started.eventId;
  wft.startedTimeMs = engine.clock.now();
  wft.identity = identity;
  wft.timeoutTimerId = engine.timers.set(wft.startedTimeMs + run.taskTimeoutMs, 'wftTimeout', { runKey: run.key, seq: wft.seq });

  const history = engine.store.history(run.key);
  const persisted = fromStickyQueue ? history.slice(run.previousStartedEventId) : history;
  const events = typedOutgoingEvents(engine, run.namespace, wft.transientEvents ? [...persisted, ...wft.transientEvents] : persisted);
  const response: Msg = {
    taskToken: encodeToken({ kind: 'wft', runKey: run.key, seq: wft.seq }),
    workflowExecution: { workflowId: run.workflowId, runId: run.runId },
    workflowType: { name: run.workflowType },
    previousStartedEventId: run.previousStartedEventId,
    startedEventId: wft.startedEventId,
    attempt: wft.attempt,
    history: { events },
    workflowExecutionTaskQueue: { name: run.taskQueue, kind: TaskQueueKind.NORMAL },
    scheduledTime: msTimestamp(wft.scheduledTimeMs),
    startedTime: msTimestamp(wft.startedTimeMs),
  };
  const queries = engine.live.pendingQueries.get(run.key);
  if (queries && queries.length > 0) {
    engine.live.pendingQueries.delete(run.key);
    response.queries = {};
    for (const q of queries) {
      engine.live.inflightQueries.set(q.id, q);
      response.queries[q.id] = q.query;
    }
  }
  const messages: Msg[] = [];
  for (const u of Object.values(run.updates)) {
    if (u.state !== 'admitted') continue;
    u.state = 'sent';
    wft.sentUpdates.push(u.id);
    messages.push({
      id: `${u.id}/request`,
      protocolInstanceId: u.id,
      eventId: wft.startedEventId - 1,
      body: anyOf('temporal.api.update.v1.Request', u.request),
    });
  }
  if (messages.length > 0) response.messages = messages;
  return response;
}

function dispatchLegacyQuery(engine: Engine, queryId: string, fromStickyQueue: boolean): Msg | null {
  const q = engine.live.inflightQueries.get(queryId);
  if (!q) return null;
  const run = engine.store.getRun(q.runKey);
  if (!run) return null;
  return {
    taskToken: encodeToken({ kind: 'query', queryId }),
    workflowExecution: { workflowId: run.workflowId, runId: run.runId },
    workflowType: { name: run.workflowType },
    query: q.query,
    history: { events: fromStickyQueue ? [] : typedOutgoingEvents(engine, run.namespace, engine.store.history(run.key)) },
    previousStartedEventId: run.previousStartedEventId,
    startedEventId: 0,
    attempt: 1,
    workflowExecutionTaskQueue: { name: run.taskQueue, kind: TaskQueueKind.NORMAL },
  };
}

/** Ends a started (or scheduled) workflow task without completion and schedules a retry. */
export function failWorkflowTask(engine: Engine, run: RunState, how: { cause: number; failure?: Msg; identity?: string } | { timeoutType: number }): void {
  const wft = run.wft;
  if (!wft) return;
  engine.timers.cancel(wft.timeoutTimerId);
  // A failing speculative task is made a normal one, so its failure shows in history.
  writeSpeculativeEvents(engine, run);
  if (wft.transient) {
    // A failed retry leaves no trace in history, as on the real server; the attempt count goes on.
  } else if ('cause' in how) {
    writeEvent(engine, run, EventType.WORKFLOW_TASK_FAILED!, {
      scheduledEventId: wft.scheduledEventId,
      startedEventId: wft.startedEventId,
      cause: how.cause,
      failure: how.failure,
      identity: how.identity ?? '',
    });
  } else {
    writeEvent(engine, run, EventType.WORKFLOW_TASK_TIMED_OUT!, {
      scheduledEventId: wft.scheduledEventId,
      startedEventId: wft.startedEventId,
      timeoutType: how.timeoutType,
    });
  }
  for (const id of wft.sentUpdates) {
    const u = run.updates[id];
    if (u && u.state === 'sent') u.state = 'admitted';
  }
  requeueInflightQueries(engine, run);
  run.wft = null;
  engine.clock.unlockKey(wftLock(run));
  // A sticky task's failure only clears stickiness; a normal task's failure is a new attempt.
  if (!wft.sticky) run.wftAttempt++;
  run.sticky = null;
  flushBuffered(engine, run);
  engine.store.touch(run);
  if (isOpen(run)) scheduleWorkflowTask(engine, run);
}

/** Makes a speculative task a normal one: writes its Scheduled (and Started) events now. */
export function writeSpeculativeEvents(engine: Engine, run: RunState): void {
  const wft = run.wft;
  if (!wft?.speculative) return;
  if (wft.transientEvents) {
    writeEvents(engine, run, wft.transientEvents);
  } else {
    wft.scheduledEventId = writeEvent(engine, run, EventType.WORKFLOW_TASK_SCHEDULED!, scheduledAttributes(run, wft.queue, wft.sticky, wft.attempt)).eventId;
  }
  wft.speculative = false;
  delete wft.transientEvents;
  delete wft.nextEventIdAtSchedule;
}

function requeueInflightQueries(engine: Engine, run: RunState): void {
  for (const [id, q] of engine.live.inflightQueries) {
    if (q.runKey !== run.key) continue;
    engine.live.inflightQueries.delete(id);
    const list = engine.live.pendingQueries.get(run.key) ?? [];
    list.push(q);
    engine.live.pendingQueries.set(run.key, list);
  }
}

/** Forgets the workflow task of a closing run and releases its lock. */
export function dropWorkflowTask(engine: Engine, run: RunState): void {
  if (!run.wft) return;
  engine.timers.cancel(run.wft.timeoutTimerId);
  run.wft = null;
  engine.clock.unlockKey(wftLock(run));
}

export function registerWorkflowTaskTimers(engine: Engine): void {
  engine.timers.register('wftTimeout', (data) => {
    const run = engine.store.getRun(String(data.runKey));
    if (!run?.wft || run.wft.seq !== data.seq || run.wft.state !== 'started') return;
    run.wft.timeoutTimerId = 0;
    failWorkflowTask(engine, run, { timeoutType: TimeoutType.START_TO_CLOSE! });
  });
  // A sticky task no poller took in time times out (SCHEDULE_TO_START, the attempt unchanged) and
  // a new task goes to the normal queue, as on the real server: the history says what happened.
  engine.timers.register('wftStickyFallback', (data) => {
    const run = engine.store.getRun(String(data.runKey));
    if (!run?.wft || run.wft.seq !== data.seq || run.wft.state !== 'scheduled') return;
    run.wft.timeoutTimerId = 0;
    failWorkflowTask(engine, run, { timeoutType: TimeoutType.SCHEDULE_TO_START! });
  });
}

export { WftFailedCause };
