/**
 * Campaign settings a workflow receives in its input (workflows never read the environment).
 * The client fills them from the validated configuration.
 */
import type { Duration } from '@temporalio/common';
import type { CallingHours } from './calling-hours.js';

export interface FollowUpSettings {
  /** How long to wait for the reply card before the call centre follows up, e.g. '14 days'. */
  replyWindow: Duration;
  /** Outbound calling hours in the contact's time zone. */
  callingHours: CallingHours;
  /** Call attempts, each on a different day, before the lead is closed as no-contact. */
  callAttempts: number;
  /** How long after a calling window ends a missing call outcome counts as no answer. */
  outcomeGrace: Duration;
}

export const DEFAULT_FOLLOW_UP: FollowUpSettings = {
  replyWindow: '14 days',
  callingHours: { start: '08:30', end: '21:00' },
  callAttempts: 3,
  outcomeGrace: '2 hours',
};
