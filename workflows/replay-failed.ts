/**
 * Replay of failed pieces, one run per replay request (id: replay/<request>). Each piece is
 * re-sent under its own idempotency key, so a piece that was sent in the meantime is not sent
 * again and an e-mail keeps its Message-ID. Pieces that failed for the same reason are tried one
 * first: when it fails again the same way, the others are held back and the reason reported, not
 * failed again one by one. Long lists continue as new, carrying the tally.
 */
import { continueAsNew, defineQuery, setHandler } from '@temporalio/workflow';
import type { DeliveryResult } from '../activities/types.js';
import { failureKind } from '../lib/failure-reason.js';
import { sends } from './support/activities.js';

export interface ReplayTally {
  sent: number;
  failedAgain: number;
  skipped: number;
  /** Pieces that were no longer failed when their turn came. */
  notFailed: number;
  /** The last failure reasons, for the report. */
  failures: { deliveryId: number; reason: string }[];
  /** Pieces not tried: the first of their group failed again for the reason they all failed for. */
  heldBack: { reason: string; pieces: number; triedDeliveryId: number }[];
}

/** Failed pieces that failed for one reason (failureKind of their recorded reason). */
export interface ReplayGroup {
  reason: string;
  deliveryIds: number[];
}

export interface ReplayInput {
  groups: ReplayGroup[];
  tally?: ReplayTally;
}

export const replayProgressQuery = defineQuery<ReplayTally & { remaining: number }>('replayProgress');

const BATCH = 5;
const PER_RUN = 500;

/** Re-sends failed pieces once each through the idempotent send path; returns what happened. */
export async function replayFailed(input: ReplayInput): Promise<ReplayTally> {
  const tally: ReplayTally = { heldBack: [], ...(input.tally ?? { sent: 0, failedAgain: 0, skipped: 0, notFailed: 0, failures: [] }) };
  let remaining = input.groups.reduce((n, g) => n + g.deliveryIds.length, 0);
  setHandler(replayProgressQuery, () => ({ ...tally, remaining }));
  const count = (r: DeliveryResult) => {
    remaining--;
    if (r.repeated && r.status !== 'queued') tally.notFailed++;
    else if (r.status === 'sent') tally.sent++;
    else if (r.status === 'skipped') tally.skipped++;
    else if (r.status === 'failed') {
      tally.failedAgain++;
      tally.failures = [...tally.failures, { deliveryId: r.deliveryId, reason: r.reason ?? '' }].slice(-20);
    }
  };

  let done = 0;
  for (const [index, group] of input.groups.entries()) {
    if (done >= PER_RUN) {
      await continueAsNew<typeof replayFailed>({ groups: input.groups.slice(index), tally });
    }
    const [first, ...rest] = group.deliveryIds;
    if (first === undefined) continue;
    const probe = await sends.replayDelivery(first);
    count(probe);
    done++;
    if (rest.length && probe.status === 'failed' && failureKind(probe.reason) === group.reason) {
      tally.heldBack.push({ reason: group.reason, pieces: rest.length, triedDeliveryId: first });
      remaining -= rest.length;
      continue;
    }
    for (let i = 0; i < rest.length; i += BATCH) {
      const results = await Promise.all(rest.slice(i, i + BATCH).map((id) => sends.replayDelivery(id)));
      results.forEach(count);
      done += results.length;
    }
  }
  return tally;
}
