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
  /** Contacts with any piece recorded (sent, failed, skipped or queued). */
  addressed: number;
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
  const funnel: Funnel = {
    campaignId,
    stages: stageCounts(reached, targeted.rows[0]?.contacts ?? 0, reach.rows[0]),
    pieces: {},
    lost: lost.rows,
    noContact: reached.get('no-contact') ?? 0,
    addressed: reach.rows[0]?.addressed ?? 0,
  };
  for (const row of deliveries.rows) (funnel.pieces[row.channel] ??= {})[row.status] = row.pieces;
  return funnel;
}

/** One list source's funnel: its stages, its lost and no-contact, and its response rate. */
export interface SourceFunnel {
  /** The contacts' source code; '' for contacts without one. */
  source: string;
  stages: Record<string, number>;
  lost: number;
  noContact: number;
  /** Replied as a share of delivered (0 to 1), or null when nothing was delivered. */
  responseRate: number | null;
}

/** The funnel per list source, largest source first: which lists respond. */
export async function readFunnelBySource(pool: Pool, campaignId: string): Promise<SourceFunnel[]> {
  const [stages, targeted, reach] = await Promise.all([
    pool.query<{ source: string; stage: string; contacts: number }>(sql('funnel-by-source-stages'), [campaignId]),
    pool.query<{ source: string; contacts: number }>(sql('funnel-by-source-targeted'), [campaignId]),
    pool.query<{ source: string; addressed: number; mailed: number }>(sql('funnel-by-source-reach'), [campaignId]),
  ]);
  const sources = new Set([...stages.rows, ...targeted.rows, ...reach.rows].map((r) => r.source));
  const out: SourceFunnel[] = [];
  for (const source of sources) {
    const reached = new Map(stages.rows.filter((r) => r.source === source).map((r) => [r.stage, r.contacts]));
    const counts = stageCounts(reached, targeted.rows.find((r) => r.source === source)?.contacts ?? 0, reach.rows.find((r) => r.source === source));
    const delivered = counts.delivered ?? 0;
    out.push({
      source,
      stages: counts,
      lost: reached.get('lost') ?? 0,
      noContact: reached.get('no-contact') ?? 0,
      responseRate: delivered > 0 ? (counts.replied ?? 0) / delivered : null,
    });
  }
  return out.sort((a, b) => (b.stages.targeted ?? 0) - (a.stages.targeted ?? 0) || a.source.localeCompare(b.source));
}

/**
 * Stage counts from a campaign's records: the stages contacts reached, the contacts it targeted,
 * and the contacts its pieces addressed and mailed. A broadcast records pieces, not stages, so its
 * targeted and sent contacts are those its pieces name.
 */
function stageCounts(reached: Map<string, number>, targeted: number, reach: { addressed: number; mailed: number } | undefined): Record<string, number> {
  const stages: Record<string, number> = {};
  for (const stage of FUNNEL_STAGES) stages[stage] = reached.get(stage) ?? 0;
  // Campaign-specific stages after the common ones, e.g. an inspection's attended or not-booked.
  for (const [stage, n] of reached) if (!(stage in stages) && stage !== 'lost' && stage !== 'no-contact') stages[stage] = n;
  const { addressed = 0, mailed = 0 } = reach ?? {};
  stages.targeted = Math.max(stages.targeted ?? 0, targeted, addressed);
  stages.sent = Math.max(stages.sent ?? 0, mailed);
  stages.delivered = mailed;
  return stages;
}
