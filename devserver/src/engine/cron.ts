// Cron workflows (the CronSchedule of a start request or a child): the real server's rules, where
// each run waits for the next cron time and a closed run (completed, or failed or timed out past
// its retries) starts the next one with initiator CRON_SCHEDULE. Cron strings are robfig/cron's.
import { Initiator } from '../enums.js';
import { invalidArgument } from '../grpc/errors.js';
import type { Msg } from '../proto.js';
import { parseCron } from '../schedules/cron.js';
import { compileSpec, nextTime } from '../schedules/schedule-spec.js';
import type { Engine } from './context.js';
import { closeRun, nextRunOptions, startRun } from './lifecycle.js';
import type { RunState } from './types.js';

/** Next cron time strictly after afterMs; Infinity when none. */
function nextCronTime(cron: string, afterMs: number): number {
  const parsed = parseCron(cron);
  // robfig's @every counts from the given instant (truncated to the second), not from the epoch.
  if (parsed.interval) return Math.floor(afterMs / 1000) * 1000 + Math.max(1000, Math.floor(parsed.interval.everyMs / 1000) * 1000);
  return nextTime(compileSpec({ cronString: [cron] }), afterMs);
}

/** A cron string robfig/cron accepts and that has a next time. */
export function isValidCron(cron: string): boolean {
  try {
    return nextCronTime(cron, Date.now()) !== Infinity;
  } catch {
    return false;
  }
}

export function validateCron(cron: string): void {
  if (!isValidCron(cron)) throw invalidArgument('invalid CronSchedule.');
}

/** A cron workflow's (or child's) first run waits for the first cron time from now. */
export function firstCronDelayMs(engine: Engine, cron: string): number {
  return cronBackoffMs(cron, engine.clock.now(), engine.clock.now());
}

/**
 * Backoff before the next run, rounded up to whole seconds (GetBackoffForNextSchedule): the
 * first cron time after scheduledMs that is not before nowMs. -1 when there is none.
 */
export function cronBackoffMs(cron: string, scheduledMs: number, nowMs: number): number {
  let next = scheduledMs;
  if (nowMs >= scheduledMs) {
    next = nextCronTime(cron, scheduledMs);
    while (next < nowMs) next = nextCronTime(cron, next);
  }
  if (next === Infinity) return -1;
  return Math.ceil((next - nowMs) / 1000) * 1000;
}

export function startedAttributes(engine: Engine, run: RunState): Msg {
  return engine.store.history(run.key)[0]?.workflowExecutionStartedEventAttributes ?? {};
}

/**
 * Closes a cron run and starts the next one after its backoff; false (nothing done) when the run
 * has no cron schedule. A failed run passes on its failure and the last completion result it had.
 */
export function closeIntoNextCronRun(engine: Engine, run: RunState, status: number, eventType: number, attrs: Msg, carry: { result?: Msg; failure?: Msg }): boolean {
  const started = startedAttributes(engine, run);
  const cron = String(started.cronSchedule ?? '');
  if (!cron) return false;
  const now = engine.clock.now();
  const backoffMs = cronBackoffMs(cron, run.executionTimeMs, now);
  if (backoffMs < 0) return false;
  const newRunId = engine.newId();
  run.newExecutionRunId = newRunId;
  closeRun(engine, run, status, eventType, { ...attrs, newExecutionRunId: newRunId });
  startRun(engine, {
    ...nextRunOptions(engine, run, newRunId, started),
    startDelayMs: backoffMs,
    cronSchedule: cron,
    continued: {
      fromRunId: run.runId,
      firstExecutionRunId: run.firstExecutionRunId,
      // Each cron run gets its own execution timeout, counted from its scheduled start.
      executionExpiresMs: run.executionTimeoutMs > 0 ? now + backoffMs + run.executionTimeoutMs : 0,
      lastCompletionResult: carry.result ?? started.lastCompletionResult,
      failure: carry.failure,
      initiator: Initiator.CRON_SCHEDULE!,
    },
  });
  return true;
}
