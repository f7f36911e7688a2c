/**
 * Campaign settings a workflow receives in its input (workflows never read the environment).
 * The client fills them from the validated configuration.
 */
import type { CallingHours } from './calling-hours.js';

export interface FollowUpSettings {
  /** Days to wait for the reply card before the call centre follows up. */
  replyWindowDays: number;
  /** Outbound calling hours in the contact's time zone. */
  callingHours: CallingHours;
  /** Call attempts, each on a different day, before the lead is closed as no-contact. */
  callAttempts: number;
  /** How long after a calling window ends a missing call outcome counts as no answer. */
  outcomeGraceHours: number;
}

export const DEFAULT_FOLLOW_UP: FollowUpSettings = {
  replyWindowDays: 14,
  callingHours: { start: '08:30', end: '21:00' },
  callAttempts: 3,
  outcomeGraceHours: 2,
};
