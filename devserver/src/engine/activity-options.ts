// UpdateActivityOptions on a pending activity, as the real server applies it: the fields the
// update mask names are merged into the activity's current options, which are then filled in and
// bounded as a new ScheduleActivityTask's would be; its timers and any retry backoff follow the
// new options, and a queued attempt moves to a new task queue. `restoreOriginal` puts back the
// options of its ActivityTaskScheduled event.
import { TimeoutType } from '../enums.js';
import { invalidArgument } from '../grpc/errors.js';
import { durationMs, msDuration, type Msg } from '../proto.js';
import { enqueueAttempt, normaliseTimeouts } from './activities.js';
import { retryPolicyMessage, retrySettings } from './activity-retry.js';
import type { Engine } from './context.js';
import type { ActivityState, RunState } from './types.js';

/** The activity's options as the API shows them (describe, UpdateActivityOptions' answer). */
export function activityOptionsOf(act: ActivityState): Msg {
  return {
    taskQueue: { name: act.taskQueue, kind: 1 },
    scheduleToCloseTimeout: msDuration(act.s2cMs),
    scheduleToStartTimeout: msDuration(act.s2sMs),
    startToCloseTimeout: msDuration(act.stcMs),
    heartbeatTimeout: msDuration(act.hbMs),
    retryPolicy: act.retryPolicy,
  };
}

/** Field-mask paths in camelCase, whichever case the caller wrote them in. */
const camel = (path: string): string => path.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

const RETRY_FIELDS = ['initialInterval', 'backoffCoefficient', 'maximumInterval', 'maximumAttempts'] as const;

/** Merges the masked fields of `from` into the activity's current options. */
function merged(act: ActivityState, from: Msg, paths: Set<string>): Msg {
  const into = activityOptionsOf(act);
  into.retryPolicy = { ...act.retryPolicy };
  if (paths.has('taskQueue.name') || paths.has('taskQueue')) {
    if (!from.taskQueue?.name) throw invalidArgument('TaskQueue is not provided');
    into.taskQueue = { name: from.taskQueue.name, kind: 1 };
  }
  for (const f of ['scheduleToCloseTimeout', 'scheduleToStartTimeout', 'startToCloseTimeout', 'heartbeatTimeout'] as const) {
    if (paths.has(f)) into[f] = from[f] ?? undefined;
  }
  if (paths.has('retryPolicy')) {
    if (!from.retryPolicy) throw invalidArgument('RetryPolicy is not provided');
    into.retryPolicy = from.retryPolicy;
  }
  for (const f of RETRY_FIELDS) {
    if (!paths.has(`retryPolicy.${f}`)) continue;
    if (!from.retryPolicy) throw invalidArgument('RetryPolicy is not provided');
    into.retryPolicy[f] = from.retryPolicy[f];
  }
  return into;
}

function validateRetryPolicy(p: Msg): void {
  if (durationMs(p?.initialInterval) < 0) throw invalidArgument('InitialInterval cannot be negative on retry policy.');
  if (p?.backoffCoefficient !== undefined && p.backoffCoefficient !== 0 && p.backoffCoefficient < 1) throw invalidArgument('BackoffCoefficient cannot be less than 1 on retry policy.');
  if (durationMs(p?.maximumInterval) < 0) throw invalidArgument('MaximumInterval cannot be negative on retry policy.');
  if (durationMs(p?.maximumInterval) > 0 && durationMs(p.maximumInterval) < durationMs(p.initialInterval)) throw invalidArgument('MaximumInterval cannot be less than InitialInterval on retry policy.');
  if ((p?.maximumAttempts ?? 0) < 0) throw invalidArgument('MaximumAttempts cannot be negative on retry policy.');
}

/** Applies options to the activity and re-arms what depends on them. */
function apply(engine: Engine, run: RunState, act: ActivityState, options: Msg): void {
  const { s2c, s2s, stc, hb } = normaliseTimeouts(run, options);
  const retry = retrySettings(options.retryPolicy);
  retry.nonRetryableTypes = act.retry.nonRetryableTypes;
  const movedQueue = options.taskQueue.name !== act.taskQueue;
  Object.assign(act, { taskQueue: options.taskQueue.name, s2cMs: s2c, s2sMs: s2s, stcMs: stc, hbMs: hb, retry, retryPolicy: retryPolicyMessage(retry) });
  for (const id of act.timerIds) engine.timers.cancel(id);
  act.timerIds = [];
  const at = (ms: number, type: number, attempt: number): void => {
    act.timerIds.push(engine.timers.set(ms, 'actTimeout', { runKey: run.key, seid: act.scheduledEventId, attempt, type }));
  };
  if (act.s2cMs > 0) at(act.scheduledTimeMs + act.s2cMs, TimeoutType.SCHEDULE_TO_CLOSE!, 0);
  if (act.state === 'started') {
    if (act.stcMs > 0) at(act.startedTimeMs + act.stcMs, TimeoutType.START_TO_CLOSE!, act.attempt);
    if (act.hbMs > 0) at(Math.max(act.lastHeartbeatMs, act.startedTimeMs) + act.hbMs, TimeoutType.HEARTBEAT!, act.attempt);
  } else if (act.state === 'backoff') {
    // The next attempt is due by the new policy, counted from when the last one ended.
    const interval = Math.min(retry.initialMs * Math.pow(retry.coefficient, act.attempt - 2), retry.maxIntervalMs);
    act.nextAttemptScheduleTimeMs = Math.max(engine.clock.now(), (act.lastAttemptCompleteTimeMs ?? engine.clock.now()) + interval);
    act.timerIds.push(engine.timers.set(act.nextAttemptScheduleTimeMs, 'actRetry', { runKey: run.key, seid: act.scheduledEventId, attempt: act.attempt }));
  } else if (!act.paused) {
    // Queued: offered on the (new) queue, its schedule-to-start timer re-armed (enqueueAttempt arms it).
    if (movedQueue || act.s2sMs > 0) enqueueAttempt(engine, run, act);
  }
  engine.store.touch(run);
}

export function updateActivityOptions(engine: Engine, run: RunState, act: ActivityState, from: Msg, maskPaths: string[]): Msg {
  const options = merged(act, from, new Set(maskPaths.map(camel)));
  validateRetryPolicy(options.retryPolicy);
  apply(engine, run, act, options);
  return activityOptionsOf(act);
}

/** Puts back the options the activity was scheduled with. */
export function restoreOriginalActivityOptions(engine: Engine, run: RunState, act: ActivityState): Msg {
  const scheduled = engine.store.history(run.key)[act.scheduledEventId - 1]?.activityTaskScheduledEventAttributes;
  if (!scheduled) throw invalidArgument('ActivityTaskScheduledEvent not found');
  apply(engine, run, act, { ...scheduled, taskQueue: { name: scheduled.taskQueue?.name ?? act.taskQueue } });
  return activityOptionsOf(act);
}
