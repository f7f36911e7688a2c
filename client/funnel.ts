/** A campaign's funnel, read from the record of stages and pieces in Postgres. */
import type { Pool } from '../db/pool.js';
import { sql } from '../db/queries.js';

/** The funnel's stages in order; a contact counts in every stage it reached. */
export const FUNNEL_STAGES = ['targeted', 'sent', 'delivered', 'replied', 'called', 'reached', 'appointment', 'bought'] as const;

export interface Funnel {
  campaignId: string;
  stages: Record<string, number>;
  /** Pieces by channel and status: sent, failed, skipped, queued. */
  pieces: Record<string, Record<string, number>>;
  lost: { reason: string; contacts: number }[];
  noContact: number;
}

export async function readFunnel(pool: Pool, campaignId: string): Promise<Funnel> {
  const [stages, targeted, deliveries, lost, reach] = await Promise.all([
    pool.query<{ stage: string; contacts: number }>(sql('funnel-stages'), [campaignId]),
    pool.query<{ contacts: number }>(sql('funnel-targeted'), [campaignId]),
    pool.query<{ channel: string; status: string; pieces: number }>(sql('funnel-deliveries'), [campaignId]),
    pool.query<{ reason: string; contacts: number }>(sql('funnel-lost-reasons'), [campaignId]),
    pool.query<{ addressed: number; mailed: number }>(sql('funnel-reach'), [campaignId]),
  ]);
  const reached = new Map(stages.rows.map((r) => [r.stage, r.contacts]));
  const funnel: Funnel = { campaignId, stages: {}, pieces: {}, lost: lost.rows, noContact: reached.get('no-contact') ?? 0 };
  for (const stage of FUNNEL_STAGES) funnel.stages[stage] = reached.get(stage) ?? 0;
  // Campaign-specific stages after the common ones, e.g. an inspection's attended or not-booked.
  for (const [stage, n] of reached) if (!(stage in funnel.stages) && stage !== 'lost' && stage !== 'no-contact') funnel.stages[stage] = n;
  // A broadcast records pieces, not stages: its targeted and sent contacts are those its pieces name.
  const { addressed = 0, mailed = 0 } = reach.rows[0] ?? {};
  funnel.stages.targeted = Math.max(funnel.stages.targeted ?? 0, targeted.rows[0]?.contacts ?? 0, addressed);
  funnel.stages.sent = Math.max(funnel.stages.sent ?? 0, mailed);
  funnel.stages.delivered = mailed;
  for (const row of deliveries.rows) (funnel.pieces[row.channel] ??= {})[row.status] = row.pieces;
  return funnel;
}
