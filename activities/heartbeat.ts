/** Heartbeats when running inside a Temporal activity; a no-op when called directly (tests, scripts). */
import { Context } from '@temporalio/activity';

export function activityHeartbeat(details: unknown): void {
  let context: Context | undefined;
  try {
    context = Context.current();
  } catch {
    return; // not in an activity
  }
  context.heartbeat(details);
}
