/** Failed pieces: list them by filter, and replay them through the idempotent send path. */
import { createHash } from 'node:crypto';
import type { Pool } from '../db/pool.js';
import { sql } from '../db/queries.js';
import { replayFailed, type ReplayTally } from '../workflows/replay-failed.js';
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

/**
 * Replays the failed pieces the filter selects as one workflow run; waits for its tally. The run's
 * id comes from the pieces, so a second operator replaying the same pieces at the same time joins
 * the running replay and gets its tally; once it has ended, the same pieces can be replayed again.
 */
export async function replayFailedPieces(client: CampaignClient, filter: FailedFilter): Promise<{ pieces: number; tally: ReplayTally; workflowId: string }> {
  const pieces = await listFailed(client.pool, filter);
  const deliveryIds = pieces.map((p) => p.id);
  const workflowId = `replay/${createHash('sha256').update(deliveryIds.join(',')).digest('hex').slice(0, 20)}`;
  if (pieces.length === 0) return { pieces: 0, workflowId, tally: { sent: 0, failedAgain: 0, skipped: 0, notFailed: 0, failures: [] } };
  const tally = await client.temporal.workflow.execute(replayFailed, {
    workflowId,
    taskQueue: client.taskQueue,
    workflowIdConflictPolicy: 'USE_EXISTING',
    args: [{ deliveryIds }],
  });
  return { pieces: pieces.length, tally, workflowId };
}
