// A run that fails or times out: retried under its retry policy while attempts and the execution
// timeout allow (a new run of the same execution chain after the backoff), else followed by its
// next cron run if it has a cron schedule, else closed. The real server treats a run timeout
// like a failure here, with a timeout failure handed to the next run.
import { EventType, Initiator, RetryState, TimeoutType, WorkflowStatus } from '../enums.js';
import type { Msg } from '../proto.js';
import { retrySettings } from './activity-retry.js';
import type { Engine } from './context.js';
import { closeIntoNextCronRun, startedAttributes } from './cron.js';
import { closeRun, nextRunOptions, startRun } from './lifecycle.js';
import type { RunState } from './types.js';

type Ending = { kind: 'failed'; failure: Msg; workflowTaskCompletedEventId: number } | { kind: 'timedOut' };

/** Closes a failed or timed-out run, starting the retry or the next cron run when one is due. */
export function closeFailedRun(engine: Engine, run: RunState, ending: Ending): void {
  const started = startedAttributes(engine, run);
  const attempt = Number(started.attempt ?? 1);
  const failure = ending.kind === 'failed' ? ending.failure : { message: 'workflow timeout', timeoutFailureInfo: { timeoutType: TimeoutType.START_TO_CLOSE } };
  const [status, eventType] =
    ending.kind === 'failed'
      ? [WorkflowStatus.FAILED!, EventType.WORKFLOW_EXECUTION_FAILED!]
      : [WorkflowStatus.TIMED_OUT!, EventType.WORKFLOW_EXECUTION_TIMED_OUT!];
  // Only a failed run's event carries its failure; both say whether a retry follows.
  const attrs = (retryState: number): Msg =>
    ending.kind === 'failed' ? { failure, retryState, workflowTaskCompletedEventId: ending.workflowTaskCompletedEventId } : { retryState };

  // A run that times out with its execution timeout is over: TIMEOUT, with no retry and no
  // next cron run, as on the real server; only a run timeout before then may go on.
  const expired = ending.kind === 'timedOut' && run.executionExpiresMs > 0 && engine.clock.now() >= run.executionExpiresMs;
  const decision = expired ? { stop: RetryState.TIMEOUT! } : run.retryPolicy ? retryDelay(run, attempt, failure, engine.clock.now()) : { stop: RetryState.RETRY_POLICY_NOT_SET! };
  if ('stop' in decision) {
    // The event says why no retry follows (no policy, attempts used up, the execution expiring).
    if (!expired && closeIntoNextCronRun(engine, run, status, eventType, attrs(decision.stop), { failure })) return;
    closeRun(engine, run, status, eventType, attrs(decision.stop));
    return;
  }
  const newRunId = engine.newId();
  run.newExecutionRunId = newRunId;
  closeRun(engine, run, status, eventType, { ...attrs(RetryState.IN_PROGRESS!), newExecutionRunId: newRunId });
  startRun(engine, {
    ...nextRunOptions(engine, run, newRunId, started),
    startDelayMs: decision.delayMs,
    cronSchedule: started.cronSchedule || undefined,
    continued: {
      fromRunId: run.runId,
      firstExecutionRunId: run.firstExecutionRunId,
      executionExpiresMs: run.executionExpiresMs,
      lastCompletionResult: started.lastCompletionResult,
      failure,
      initiator: Initiator.RETRY!,
      attempt: attempt + 1,
    },
  });
}

function retryDelay(run: RunState, attempt: number, failure: Msg, now: number): { delayMs: number } | { stop: number } {
  const r = retrySettings(run.retryPolicy);
  const app = failure?.applicationFailureInfo;
  if (app?.nonRetryable || (app && r.nonRetryableTypes.includes(app.type))) return { stop: RetryState.NON_RETRYABLE_FAILURE! };
  if (r.maxAttempts > 0 && attempt >= r.maxAttempts) return { stop: RetryState.MAXIMUM_ATTEMPTS_REACHED! };
  const delayMs = Math.min(r.initialMs * Math.pow(r.coefficient, attempt - 1), r.maxIntervalMs);
  if (run.executionExpiresMs > 0 && now + delayMs >= run.executionExpiresMs) return { stop: RetryState.TIMEOUT! };
  return { delayMs };
}
