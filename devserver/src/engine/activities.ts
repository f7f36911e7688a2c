// Activity lifecycle: schedule, dispatch to pollers, heartbeat, complete/fail/cancel, retry with
// backoff, and the four timeouts. Attempts write no events; the final outcome writes
// ActivityTaskStarted and the closing event together.
import { EventType, RetryState, TimeoutType } from '../enums.js';
import { invalidArgument, notFound } from '../grpc/errors.js';
import { durationMs, msDuration, msTimestamp, type Msg } from '../proto.js';
import { nextAttemptDelay, retryPolicyMessage, retrySettings } from './activity-retry.js';
import type { Engine } from './context.js';
import { makeEvent, PRECEDING_EVENT, writeEvent, writeOrBuffer } from './history.js';
import type { QueueItem } from './matching.js';
import { encodeToken, type Token } from './tokens.js';
import { isOpen, scheduleWorkflowTask } from './workflow-tasks.js';
import type { ActivityState, RunState } from './types.js';

export const actLock = (run: RunState, seid: number): string => `${run.key}|act|${seid}`;
const TIMEOUT_NAMES: Record<number, string> = {
  [TimeoutType.START_TO_CLOSE!]: 'StartToClose',
  [TimeoutType.SCHEDULE_TO_START!]: 'ScheduleToStart',
  [TimeoutType.SCHEDULE_TO_CLOSE!]: 'ScheduleToClose',
  [TimeoutType.HEARTBEAT!]: 'Heartbeat',
};

/** Schedules an activity; an eager one is not queued, the caller hands it to the completing worker. */
/**
 * An activity's timeouts as the real server fills them in (ms): schedule-to-start and
 * start-to-close bounded by schedule-to-close, a missing schedule-to-close from the run timeout,
 * all bounded by the run timeout, heartbeat by schedule-to-close.
 */
export function normaliseTimeouts(run: RunState, a: Msg): { s2c: number; s2s: number; stc: number; hb: number } {
  let s2c = durationMs(a.scheduleToCloseTimeout);
  let s2s = durationMs(a.scheduleToStartTimeout);
  let stc = durationMs(a.startToCloseTimeout);
  let hb = durationMs(a.heartbeatTimeout);
  const runTimeout = run.runTimeoutMs;
  if (s2c > 0) {
    s2s = s2s > 0 ? Math.min(s2s, s2c) : s2c;
    stc = stc > 0 ? Math.min(stc, s2c) : s2c;
  } else if (stc > 0) {
    s2c = runTimeout;
    s2s = s2s > 0 ? s2s : runTimeout;
  } else {
    throw invalidArgument('A valid StartToClose or ScheduleToCloseTimeout is not set on ScheduleActivityTaskCommand.');
  }
  if (runTimeout > 0) {
    s2c = s2c > 0 ? Math.min(s2c, runTimeout) : runTimeout;
    s2s = s2s > 0 ? Math.min(s2s, runTimeout) : runTimeout;
    stc = Math.min(stc, runTimeout);
  }
  if (s2c > 0 && hb > s2c) hb = s2c;
  return { s2c, s2s, stc, hb };
}

export function scheduleActivity(engine: Engine, run: RunState, a: Msg, completedEventId: number, eager = false): number {
  if (!a.activityId || !a.activityType?.name) throw invalidArgument('ActivityId and ActivityType are required on ScheduleActivityTask.');
  const { s2c, s2s, stc, hb } = normaliseTimeouts(run, a);
  const retry = retrySettings(a.retryPolicy);
  const taskQueue = a.taskQueue?.name || run.taskQueue;
  const ev = writeEvent(engine, run, EventType.ACTIVITY_TASK_SCHEDULED!, {
    activityId: a.activityId,
    activityType: a.activityType,
    taskQueue: { name: taskQueue, kind: 1 },
    header: a.header,
    input: a.input,
    scheduleToCloseTimeout: msDuration(s2c),
    scheduleToStartTimeout: msDuration(s2s),
    startToCloseTimeout: msDuration(stc),
    heartbeatTimeout: msDuration(hb),
    workflowTaskCompletedEventId: completedEventId,
    retryPolicy: retryPolicyMessage(retry),
    priority: a.priority,
  });
  const now = engine.clock.now();
  const act: ActivityState = {
    scheduledEventId: ev.eventId,
    activityId: a.activityId,
    activityType: a.activityType.name,
    taskQueue,
    header: a.header ?? null,
    input: a.input ?? null,
    attempt: 1,
    state: 'scheduled',
    scheduledTimeMs: now,
    attemptScheduledTimeMs: now,
    startedTimeMs: 0,
    startedIdentity: '',
    pollRequestId: '',
    heartbeatDetails: null,
    lastHeartbeatMs: 0,
    lastFailure: null,
    cancelRequested: false,
    cancelRequestedEventId: 0,
    retry,
    retryPolicy: retryPolicyMessage(retry),
    s2cMs: s2c,
    s2sMs: s2s,
    stcMs: stc,
    hbMs: hb,
    timerIds: [],
  };
  run.activities[act.scheduledEventId] = act;
  if (s2c > 0) act.timerIds.push(engine.timers.set(now + s2c, 'actTimeout', { runKey: run.key, seid: act.scheduledEventId, attempt: 0, type: TimeoutType.SCHEDULE_TO_CLOSE! }));
  if (eager) engine.clock.lockKey(actLock(run, act.scheduledEventId));
  else enqueueAttempt(engine, run, act);
  return act.scheduledEventId;
}

/** Queues a scheduled activity that was held back for eager dispatch. */
export function queueActivity(engine: Engine, run: RunState, scheduledEventId: number): void {
  const act = run.activities[scheduledEventId];
  if (act && act.state === 'scheduled') enqueueAttempt(engine, run, act);
}

export function enqueueAttempt(engine: Engine, run: RunState, act: ActivityState): void {
  if (act.paused) return; // dispatched when unpaused
  engine.clock.lockKey(actLock(run, act.scheduledEventId));
  if (act.s2sMs > 0) {
    act.timerIds.push(engine.timers.set(act.attemptScheduledTimeMs + act.s2sMs, 'actTimeout', { runKey: run.key, seid: act.scheduledEventId, attempt: act.attempt, type: TimeoutType.SCHEDULE_TO_START! }));
  }
  engine.matching.enqueue(run.namespace, 'activity', act.taskQueue, { kind: 'activity', runKey: run.key, scheduledEventId: act.scheduledEventId, attempt: act.attempt });
}

/** Starts the attempt a poller took; null when the queue item is stale. */
export function startActivityTask(engine: Engine, item: QueueItem, poll: Msg): Msg | null {
  if (item.kind !== 'activity') return null;
  const run = engine.store.getRun(item.runKey);
  const act = run?.activities[item.scheduledEventId];
  if (!run || !act || !isOpen(run) || act.attempt !== item.attempt || act.state !== 'scheduled' || act.paused) return null;
  // An item left on a queue the activity has since moved from (UpdateActivityOptions) is stale.
  if (poll.taskQueue?.name && poll.taskQueue.name !== act.taskQueue) return null;
  const now = engine.clock.now();
  act.state = 'started';
  act.startedTimeMs = now;
  act.startedIdentity = String(poll.identity ?? '');
  act.pollRequestId = engine.newId();
  act.lastHeartbeatMs = 0;
  const base = { runKey: run.key, seid: act.scheduledEventId, attempt: act.attempt };
  if (act.stcMs > 0) act.timerIds.push(engine.timers.set(now + act.stcMs, 'actTimeout', { ...base, type: TimeoutType.START_TO_CLOSE! }));
  if (act.hbMs > 0) act.timerIds.push(engine.timers.set(now + act.hbMs, 'actTimeout', { ...base, type: TimeoutType.HEARTBEAT! }));
  engine.store.touch(run);
  return {
    taskToken: encodeToken({ kind: 'activity', runKey: run.key, scheduledEventId: act.scheduledEventId, attempt: act.attempt }),
    workflowNamespace: run.namespace,
    workflowType: { name: run.workflowType },
    workflowExecution: { workflowId: run.workflowId, runId: run.runId },
    activityType: { name: act.activityType },
    activityId: act.activityId,
    header: act.header,
    input: act.input,
    heartbeatDetails: act.heartbeatDetails,
    scheduledTime: msTimestamp(act.scheduledTimeMs),
    currentAttemptScheduledTime: msTimestamp(act.attemptScheduledTimeMs),
    startedTime: msTimestamp(now),
    attempt: act.attempt,
    scheduleToCloseTimeout: msDuration(act.s2cMs),
    startToCloseTimeout: msDuration(act.stcMs),
    heartbeatTimeout: msDuration(act.hbMs),
    retryPolicy: act.retryPolicy,
  };
}

/** Finds the started attempt a token or an activity id names; NOT_FOUND otherwise. */
export function findActivity(engine: Engine, ref: Token | { namespace: string; workflowId: string; runId: string; activityId: string }): { run: RunState; act: ActivityState } {
  if ('kind' in ref) {
    if (ref.kind !== 'activity') throw notFound('invalid activity task token');
    const run = engine.store.getRun(ref.runKey);
    const act = run?.activities[ref.scheduledEventId];
    if (!run || !isOpen(run)) throw notFound('workflow execution already completed');
    if (!act || act.attempt !== ref.attempt || act.state !== 'started') throw notFound('activity task not found');
    return { run, act };
  }
  const run = engine.store.findRun(ref.namespace, ref.workflowId, ref.runId || undefined);
  if (!run || !isOpen(run)) throw notFound('workflow execution already completed');
  const act = Object.values(run.activities).find((a) => a.activityId === ref.activityId);
  if (!act) throw notFound('activity task not found');
  return { run, act };
}

/** Removes the activity and writes Started (if it ran) and its closing event. */
function finish(engine: Engine, run: RunState, act: ActivityState, eventType: number, attrs: Msg): void {
  delete run.activities[act.scheduledEventId];
  for (const id of act.timerIds) engine.timers.cancel(id);
  engine.clock.unlockKey(actLock(run, act.scheduledEventId));
  const events = [];
  const ran = act.state === 'started';
  if (ran) {
    const started = makeEvent(engine, EventType.ACTIVITY_TASK_STARTED!, {
      scheduledEventId: act.scheduledEventId,
      identity: act.startedIdentity,
      requestId: act.pollRequestId,
      attempt: act.attempt,
      lastFailure: act.lastFailure,
    });
    // Written only now, but dated when the attempt started, as the real server does: the gap
    // to the closing event is how long the activity ran.
    started.eventTime = msTimestamp(act.startedTimeMs);
    events.push(started);
  }
  events.push(makeEvent(engine, eventType, { ...attrs, scheduledEventId: act.scheduledEventId, startedEventId: ran ? PRECEDING_EVENT : 0 }));
  writeOrBuffer(engine, run, events);
  engine.store.touch(run);
  scheduleWorkflowTask(engine, run);
}

export function completeActivity(engine: Engine, run: RunState, act: ActivityState, result: Msg, identity: string): void {
  finish(engine, run, act, EventType.ACTIVITY_TASK_COMPLETED!, { result, identity });
}

export function cancelActivity(engine: Engine, run: RunState, act: ActivityState, details: Msg, identity: string): void {
  finish(engine, run, act, EventType.ACTIVITY_TASK_CANCELED!, { details, identity, latestCancelRequestedEventId: act.cancelRequestedEventId });
}

/** An attempt failed (by the worker or a timeout): retry after backoff, or close the activity. */
export function failAttempt(engine: Engine, run: RunState, act: ActivityState, failure: Msg, identity: string, timeoutType = 0): void {
  const now = engine.clock.now();
  const next = nextAttemptDelay(act, timeoutType ? null : failure, now);
  // A paused or reset activity whose attempt failed retryably waits (paused) or goes again at once
  // as its first attempt (reset), whatever its attempts and backoff say, as on the real server.
  const retryable = 'delayMs' in next || next.stop === RetryState.MAXIMUM_ATTEMPTS_REACHED || next.stop === RetryState.TIMEOUT;
  if (retryable && (act.paused || act.resetRequested)) {
    act.lastFailure = failure;
    act.lastAttemptCompleteTimeMs = now;
    act.nextAttemptScheduleTimeMs = undefined;
    act.attempt = act.resetRequested ? 1 : act.attempt + 1;
    act.resetRequested = false;
    act.state = 'scheduled';
    act.attemptScheduledTimeMs = now;
    engine.clock.unlockKey(actLock(run, act.scheduledEventId));
    enqueueAttempt(engine, run, act);
    engine.store.touch(run);
    return;
  }
  if ('delayMs' in next) {
    act.lastFailure = failure;
    act.state = 'backoff';
    act.attempt++;
    act.lastAttemptCompleteTimeMs = now;
    act.nextAttemptScheduleTimeMs = now + next.delayMs;
    engine.clock.unlockKey(actLock(run, act.scheduledEventId));
    act.timerIds.push(engine.timers.set(now + next.delayMs, 'actRetry', { runKey: run.key, seid: act.scheduledEventId, attempt: act.attempt }));
    engine.store.touch(run);
    return;
  }
  if (timeoutType) {
    const reported = next.stop === RetryState.TIMEOUT ? TimeoutType.SCHEDULE_TO_CLOSE! : timeoutType;
    finish(engine, run, act, EventType.ACTIVITY_TASK_TIMED_OUT!, { failure: timeoutFailure(act, reported, act.lastFailure), retryState: next.stop });
    return;
  }
  finish(engine, run, act, EventType.ACTIVITY_TASK_FAILED!, { failure, identity, retryState: next.stop });
}

function timeoutFailure(act: ActivityState, timeoutType: number, cause: Msg): Msg {
  return {
    message: `activity ${TIMEOUT_NAMES[timeoutType] ?? ''} timeout`,
    source: 'Server',
    cause: cause ?? undefined,
    timeoutFailureInfo: { timeoutType, lastHeartbeatDetails: act.heartbeatDetails ?? undefined },
  };
}

export function heartbeat(engine: Engine, run: RunState, act: ActivityState, details: Msg): { cancelRequested: boolean; activityPaused: boolean; activityReset: boolean } {
  if (details) act.heartbeatDetails = details;
  act.lastHeartbeatMs = engine.clock.now();
  engine.store.touch(run);
  return { cancelRequested: act.cancelRequested, activityPaused: Boolean(act.paused), activityReset: Boolean(act.resetRequested) };
}

/** The RequestCancelActivityTask command. */
export function requestCancelActivity(engine: Engine, run: RunState, scheduledEventId: number, completedEventId: number): void {
  const act = run.activities[scheduledEventId];
  if (!act) throw invalidArgument(`invalid activity: no pending activity with scheduled event id ${scheduledEventId}`);
  const ev = writeEvent(engine, run, EventType.ACTIVITY_TASK_CANCEL_REQUESTED!, { scheduledEventId, workflowTaskCompletedEventId: completedEventId });
  act.cancelRequested = true;
  act.cancelRequestedEventId = ev.eventId;
  if (act.state !== 'started') cancelActivity(engine, run, act, undefined, '');
}

/** A closing run's activities end without events; their tokens become NOT_FOUND. */
export function abortActivities(engine: Engine, run: RunState): void {
  for (const act of Object.values(run.activities)) for (const id of act.timerIds) engine.timers.cancel(id);
  run.activities = {};
}

export function registerActivityTimers(engine: Engine): void {
  engine.timers.register('actTimeout', (data) => {
    const run = engine.store.getRun(String(data.runKey));
    const act = run?.activities[Number(data.seid)];
    if (!run || !act || !isOpen(run)) return;
    const type = Number(data.type);
    const now = engine.clock.now();
    if (type === TimeoutType.SCHEDULE_TO_CLOSE) {
      // Timeouts due at the same instant go in TimeoutType order, as the real server sorts its
      // timer sequence: an unstarted attempt whose schedule-to-start is due reports that.
      const s2sDue = act.state === 'scheduled' && act.s2sMs > 0 && act.attemptScheduledTimeMs + act.s2sMs <= now;
      finish(engine, run, act, EventType.ACTIVITY_TASK_TIMED_OUT!, { failure: timeoutFailure(act, s2sDue ? TimeoutType.SCHEDULE_TO_START! : type, act.lastFailure), retryState: RetryState.NON_RETRYABLE_FAILURE });
      return;
    }
    if (act.attempt !== data.attempt) return;
    if (type === TimeoutType.SCHEDULE_TO_START) {
      // Not while paused (the attempt is not offered), nor before a re-dispatched attempt's own time.
      if (act.paused || act.attemptScheduledTimeMs + act.s2sMs > now) return;
      if (act.state === 'scheduled') finish(engine, run, act, EventType.ACTIVITY_TASK_TIMED_OUT!, { failure: timeoutFailure(act, type, act.lastFailure), retryState: RetryState.NON_RETRYABLE_FAILURE });
      return;
    }
    if (act.state !== 'started') return;
    if (type === TimeoutType.HEARTBEAT) {
      const due = Math.max(act.lastHeartbeatMs, act.startedTimeMs) + act.hbMs;
      if (due > now) {
        act.timerIds.push(engine.timers.set(due, 'actTimeout', data));
        return;
      }
    }
    failAttempt(engine, run, act, timeoutFailure(act, type, act.lastFailure), '', type);
  });
  engine.timers.register('actRetry', (data) => {
    const run = engine.store.getRun(String(data.runKey));
    const act = run?.activities[Number(data.seid)];
    if (!run || !act || !isOpen(run) || act.attempt !== data.attempt || act.state !== 'backoff') return;
    if (act.paused) engine.clock.unlockKey(actLock(run, act.scheduledEventId));
    act.state = 'scheduled';
    act.attemptScheduledTimeMs = engine.clock.now();
    act.nextAttemptScheduleTimeMs = undefined;
    engine.store.touch(run);
    enqueueAttempt(engine, run, act);
  });
}
