/**
 * Activity proxies per kind of effect, each with the timeouts and retry policy that suit it.
 * Adapters classify failures: a permanent one (bad mailbox, withdrawn consent, unknown contact)
 * is thrown non-retryable by the activity, so these policies only ever retry transient faults.
 */
import type { Duration } from '@temporalio/common';
import { proxyActivities } from '@temporalio/workflow';
import type { AllActivities } from '../../activities/types.js';

/** Reads and records in Postgres: quick, retried briefly. */
export const records = proxyActivities<AllActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * Sends of one piece (e-mail, letter): a stalled SMTP server times the attempt out and it is
 * retried with the same idempotency key, so the resend carries the same Message-ID. The attempt
 * may wait up to SMTP_DATA_TIMEOUT_MS (10 minutes, 14 at most) for the relay's reply to the
 * message's end, after its connection and commands: 20 minutes covers it. (A retry started
 * sooner would find the piece still held by the live attempt and send nothing.)
 */
export const sends = proxyActivities<AllActivities>({
  startToCloseTimeout: '20 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '15 minutes', maximumAttempts: 30 },
});

/** Call tasks: the call-centre service may be down for a while; keep trying for a day. */
export const calls = proxyActivities<AllActivities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' },
});

/**
 * A page of a broadcast: long and heartbeating, so a killed worker's page is noticed within the
 * heartbeat timeout and retried elsewhere (its sent greetings are found claimed, not sent again).
 */
export function pageActivities(heartbeatTimeout: Duration = '30 seconds') {
  return proxyActivities<AllActivities>({
    startToCloseTimeout: '30 minutes',
    heartbeatTimeout,
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
  });
}
