/** Failures as Temporal sees them: retryable (plain) or not (ApplicationFailure.nonRetryable). */
import { ApplicationFailure } from '@temporalio/common';

/** A fault that may clear up (SMTP 4xx, timeout, service down): the activity's retry policy retries it. */
export class TransientSendError extends Error {
  override name = 'TransientSendError';
  constructor(
    message: string,
    /** The delivery row left queued, when there is one. */
    readonly deliveryId?: number,
  ) {
    super(message);
  }
}

/** A fault no retry can fix (unknown contact, bad request); the workflow must decide. */
export function permanent(message: string, type = 'PermanentFailure'): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, type);
}
