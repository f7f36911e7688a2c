/** Failed pieces: list them by filter, and replay them through the idempotent send path. */
import { createHash } from 'node:crypto';
import type { Pool } from '../db/pool.js';
import { sql } from '../db/queries.js';
import { failureKind } from '../lib/failure-reason.js';
import { replayFailed, type ReplayGroup, type ReplayTally } from '../workflows/replay-failed.js';
import type { CampaignClient } from './start.js';

export interface FailedFilter {
  campaign?: string;
  step?: string;
  channel?: 'email' | 'post' | 'phone';
  /** Text the failure reason contains, e.g. '550' or 'mailbox'. */
  error?: string;
  since?: Date;
  until?: Date;
  limit?: number;
}

export interface FailedPiece {
  id: number;
  campaign_id: string;
  contact_id: number;
  name: string;
  /** The contact's zone: the piece's time is shown in it. */
  time_zone: string;
  step: string;
  channel: string;
  reason: string | null;
  attempts: number;
  updated_at: Date;
}

export async function listFailed(pool: Pool, filter: FailedFilter): Promise<FailedPiece[]> {
  const { rows } = await pool.query<FailedPiece>(sql('failed-deliveries'), [
    filter.campaign ?? null,
    filter.step ?? null,
    filter.channel ?? null,
    filter.error ?? null,
    filter.since ?? null,
    filter.until ?? null,
    filter.limit ?? 10_000,
  ]);
  return rows;
}

/** Failed pieces grouped by the kind of their failure, largest group first. */
export function groupByReason(pieces: FailedPiece[]): ReplayGroup[] {
  const groups = new Map<string, number[]>();
  for (const p of pieces) {
    const reason = failureKind(p.reason);
    groups.set(reason, [...(groups.get(reason) ?? []), p.id]);
  }
  return [...groups].map(([reason, deliveryIds]) => ({ reason, deliveryIds })).sort((a, b) => b.deliveryIds.length - a.deliveryIds.length);
}

/**
 * Replays the failed pieces the filter selects as one workflow run; waits for its tally. The run's
 * id comes from the pieces, so a second operator replaying the same pieces at the same time joins
 * the running replay and gets its tally; once it has ended, the same pieces can be replayed again.
 */
export async function replayFailedPieces(client: CampaignClient, filter: FailedFilter): Promise<{ pieces: number; tally: ReplayTally; workflowId: string }> {
  const pieces = await listFailed(client.pool, filter);
  const workflowId = `replay/${createHash('sha256').update(pieces.map((p) => p.id).join(',')).digest('hex').slice(0, 20)}`;
  if (pieces.length === 0) return { pieces: 0, workflowId, tally: { sent: 0, failedAgain: 0, skipped: 0, notFailed: 0, failures: [], heldBack: [] } };
  const tally = await client.temporal.workflow.execute(replayFailed, {
    workflowId,
    taskQueue: client.taskQueue,
    workflowIdConflictPolicy: 'USE_EXISTING',
    args: [{ groups: groupByReason(pieces) }],
  });
  return { pieces: pieces.length, tally, workflowId };
}
