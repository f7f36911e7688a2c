// PauseActivity, UnpauseActivity and ResetActivity, as the real server applies them to a pending
// activity: a paused one gets no new attempt (a running attempt learns of the pause from its next
// heartbeat, and its failure then waits); unpausing offers the next attempt at once; a reset makes
// the next attempt the first, at once (a running attempt learns of it from its next heartbeat).
import { Code, notFound, RpcError } from '../grpc/errors.js';
import { durationMs, type Msg } from '../proto.js';
import { actLock, enqueueAttempt } from './activities.js';
import type { Engine } from './context.js';
import type { ActivityState, RunState } from './types.js';

const activityNotFound = (): RpcError => notFound("Can't find pending activity with such ID. Invalid activityID or activity already completed");

/** The activities a request names: by id (NOT_FOUND when missing), by type, or all of them. */
export function selectActivities(run: RunState, req: Msg, allField: 'matchAll' | 'unpauseAll' | null): ActivityState[] {
  const pending = Object.values(run.activities);
  if (req.id) {
    const act = pending.find((a) => a.activityId === req.id);
    if (!act) throw activityNotFound();
    return [act];
  }
  if (req.type) return pending.filter((a) => a.activityType === req.type);
  if (allField && req[allField]) return pending;
  throw new RpcError(Code.INVALID_ARGUMENT, 'Either activity id or activity type must be provided.');
}

export function pauseActivity(engine: Engine, run: RunState, act: ActivityState, p: { requestId: string; reason: string; identity: string }): void {
  if (act.paused) {
    if (p.requestId && act.paused.requestId === p.requestId) return;
    throw new RpcError(Code.FAILED_PRECONDITION, 'activity is already paused');
  }
  act.paused = { ...p, timeMs: engine.clock.now() };
  // An attempt not yet taken is withdrawn from its queue (the poller skips a paused activity).
  if (act.state !== 'started') engine.clock.unlockKey(actLock(run, act.scheduledEventId));
  engine.store.touch(run);
}

/** Offers the activity's next attempt now, or after a random part of `jitterMs`. */
function dispatchSoon(engine: Engine, run: RunState, act: ActivityState, jitterMs: number): void {
  const now = engine.clock.now();
  act.nextAttemptScheduleTimeMs = undefined;
  if (jitterMs > 0) {
    act.state = 'backoff';
    act.nextAttemptScheduleTimeMs = now + Math.floor(Math.random() * jitterMs);
    act.timerIds.push(engine.timers.set(act.nextAttemptScheduleTimeMs, 'actRetry', { runKey: run.key, seid: act.scheduledEventId, attempt: act.attempt }));
    return;
  }
  act.state = 'scheduled';
  act.attemptScheduledTimeMs = now;
  enqueueAttempt(engine, run, act);
}

export function unpauseActivity(engine: Engine, run: RunState, act: ActivityState, u: { resetAttempts: boolean; resetHeartbeat: boolean; jitter: Msg }): void {
  if (!act.paused) return;
  act.paused = undefined;
  if (u.resetHeartbeat) {
    act.heartbeatDetails = null;
    act.lastHeartbeatMs = 0;
  }
  if (act.state !== 'started') {
    if (u.resetAttempts) act.attempt = 1;
    dispatchSoon(engine, run, act, durationMs(u.jitter));
  }
  engine.store.touch(run);
}

export function resetActivity(engine: Engine, run: RunState, act: ActivityState, r: { resetHeartbeat: boolean; keepPaused: boolean; jitter: Msg }): void {
  if (r.resetHeartbeat) {
    act.heartbeatDetails = null;
    act.lastHeartbeatMs = 0;
  }
  if (act.paused && !r.keepPaused) act.paused = undefined;
  if (act.state === 'started') {
    act.resetRequested = true;
  } else {
    act.attempt = 1;
    if (!act.paused) dispatchSoon(engine, run, act, durationMs(r.jitter));
  }
  engine.store.touch(run);
}
