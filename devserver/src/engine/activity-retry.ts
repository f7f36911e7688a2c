// Retry policy defaults and the decision whether a failed attempt is retried, and when.
import { RetryState } from '../enums.js';
import { durationMs, msDuration, type Msg } from '../proto.js';
import type { ActivityState, RetrySettings } from './types.js';

export function retrySettings(policy: Msg | null | undefined): RetrySettings {
  const initialMs = durationMs(policy?.initialInterval) || 1000;
  const coefficient = policy?.backoffCoefficient && policy.backoffCoefficient >= 1 ? policy.backoffCoefficient : 2;
  return {
    initialMs,
    coefficient,
    maxIntervalMs: durationMs(policy?.maximumInterval) || 100 * initialMs,
    maxAttempts: policy?.maximumAttempts ?? 0,
    nonRetryableTypes: [...(policy?.nonRetryableErrorTypes ?? [])],
  };
}

/** The retry policy as written into ActivityTaskScheduled, defaults filled in. */
export function retryPolicyMessage(r: RetrySettings): Msg {
  return {
    initialInterval: msDuration(r.initialMs),
    backoffCoefficient: r.coefficient,
    maximumInterval: msDuration(r.maxIntervalMs),
    maximumAttempts: r.maxAttempts,
    nonRetryableErrorTypes: r.nonRetryableTypes,
  };
}

/** Milliseconds until the next attempt, or the RetryState that ends retrying. */
export function nextAttemptDelay(act: ActivityState, failure: Msg | null, nowMs: number): { delayMs: number } | { stop: number } {
  if (act.cancelRequested) return { stop: RetryState.CANCEL_REQUESTED! };
  const app = failure?.applicationFailureInfo;
  if (app?.nonRetryable) return { stop: RetryState.NON_RETRYABLE_FAILURE! };
  if (app && act.retry.nonRetryableTypes.includes(app.type)) return { stop: RetryState.NON_RETRYABLE_FAILURE! };
  if (act.retry.maxAttempts > 0 && act.attempt >= act.retry.maxAttempts) return { stop: RetryState.MAXIMUM_ATTEMPTS_REACHED! };
  const explicit = app?.nextRetryDelay ? durationMs(app.nextRetryDelay) : 0;
  const delayMs = explicit || Math.min(act.retry.initialMs * Math.pow(act.retry.coefficient, act.attempt - 1), act.retry.maxIntervalMs);
  if (act.s2cMs > 0 && nowMs + delayMs >= act.scheduledTimeMs + act.s2cMs) return { stop: RetryState.TIMEOUT! };
  return { delayMs };
}
