/**
 * Replay of failed pieces, one run per replay request (id: replay/<request>). Each piece is
 * re-sent under its own idempotency key, so a piece that was sent in the meantime is not sent
 * again and an e-mail keeps its Message-ID. Long lists continue as new, carrying the tally.
 */
import { continueAsNew, defineQuery, setHandler } from '@temporalio/workflow';
import type { DeliveryResult } from '../activities/types.js';
import { sends } from './support/activities.js';

export interface ReplayTally {
  sent: number;
  failedAgain: number;
  skipped: number;
  /** Pieces that were no longer failed when their turn came. */
  notFailed: number;
  /** The last failure reasons, for the report. */
  failures: { deliveryId: number; reason: string }[];
}

export interface ReplayInput {
  deliveryIds: number[];
  tally?: ReplayTally;
}

export const replayProgressQuery = defineQuery<ReplayTally & { remaining: number }>('replayProgress');

const BATCH = 5;
const PER_RUN = 500;

/** Re-sends each failed piece once through the idempotent send path; returns what happened. */
export async function replayFailed(input: ReplayInput): Promise<ReplayTally> {
  const tally: ReplayTally = input.tally ?? { sent: 0, failedAgain: 0, skipped: 0, notFailed: 0, failures: [] };
  let done = 0;
  setHandler(replayProgressQuery, () => ({ ...tally, remaining: input.deliveryIds.length - done }));
  const count = (r: DeliveryResult) => {
    if (r.repeated && r.status !== 'queued') tally.notFailed++;
    else if (r.status === 'sent') tally.sent++;
    else if (r.status === 'skipped') tally.skipped++;
    else if (r.status === 'failed') {
      tally.failedAgain++;
      tally.failures = [...tally.failures, { deliveryId: r.deliveryId, reason: r.reason ?? '' }].slice(-20);
    }
  };
  const now = input.deliveryIds.slice(0, PER_RUN);
  for (let i = 0; i < now.length; i += BATCH) {
    const results = await Promise.all(now.slice(i, i + BATCH).map((id) => sends.replayDelivery(id)));
    results.forEach(count);
    done += results.length;
  }
  if (input.deliveryIds.length > PER_RUN) {
    await continueAsNew<typeof replayFailed>({ deliveryIds: input.deliveryIds.slice(PER_RUN), tally });
  }
  return tally;
}
