/**
 * The rehearsal's clock is the time-skipping server's, not the wall clock: an activity reads the
 * virtual instant at which the workflow scheduled it (what the workflow saw), so a piece sent
 * after a 14-day wait is dated 14 days on, though it ran a moment after the start.
 */
import { Context } from '@temporalio/activity';
import type { Clock } from '../../activities/deps.js';

/** The virtual instant of the running activity's attempt; the wall clock outside an activity. */
export function activityTime(): number {
  try {
    return Context.current().info.currentAttemptScheduledTimestampMs;
  } catch {
    return Date.now();
  }
}

/** The activities' clock dep on virtual time: letters and e-mails are dated as the workflow saw it. */
export const virtualClock: Clock = { now: () => new Date(activityTime()) };
