/**
 * Which owners an inspection campaign can offer a slot to. Each owner's offer names one service
 * centre (the one servicing their car, else the nearest), and an owner whose centre has no free, open slot from now on is not
 * offered anything: a letter that reserves no slot helps nobody. The dry run shows the same plan.
 */
import type { Pool } from '../db/pool.js';
import { sql } from '../db/queries.js';

export interface OfferPlan {
  /** Owners to offer, with the centre their offer names. */
  offered: { contactId: number; centreId: number }[];
  /** Owners not offered, by centre: it has no free slot from now on. */
  withoutSlot: { centre: string; owners: number[] }[];
  /** Owners not offered because no service centre is on file at all. */
  noCentre: number[];
}

/** Plans the offers for these owners; owners offered before in the campaign keep their centre. */
export async function planInspectionOffers(pool: Pool, campaignId: string, contactIds: number[], now = new Date()): Promise<OfferPlan> {
  const { rows } = await pool.query<{ contact_id: number; centre_id: number | null; centre: string | null; has_free_slot: boolean; offered_before: boolean }>(
    sql('owner-centres'),
    [contactIds, now, campaignId],
  );
  const plan: OfferPlan = { offered: [], withoutSlot: [], noCentre: [] };
  const without = new Map<string, number[]>();
  for (const r of rows) {
    if (r.centre_id === null || r.centre === null) plan.noCentre.push(r.contact_id);
    else if (r.has_free_slot || r.offered_before) plan.offered.push({ contactId: r.contact_id, centreId: r.centre_id });
    else without.set(r.centre, [...(without.get(r.centre) ?? []), r.contact_id]);
  }
  plan.withoutSlot = [...without].map(([centre, owners]) => ({ centre, owners })).sort((a, b) => b.owners.length - a.owners.length);
  return plan;
}

/** Records the centre each offer names (the first offer of a campaign stands). */
export async function recordOffers(pool: Pool, campaignId: string, plan: OfferPlan): Promise<void> {
  if (plan.offered.length === 0) return;
  await pool.query(sql('record-offers'), [campaignId, plan.offered.map((o) => o.contactId), plan.offered.map((o) => o.centreId)]);
}

/** 'no free slot from now on at 上海浦东服务中心 (8 owners), 北京朝阳服务中心 (4 owners)', or ''. */
export function notOfferedText(plan: OfferPlan): string {
  const parts = plan.withoutSlot.map((w) => `${w.centre} (${w.owners.length} owner${w.owners.length === 1 ? '' : 's'})`);
  const lines = parts.length ? [`no free slot from now on at ${parts.join(', ')}`] : [];
  if (plan.noCentre.length) lines.push(`no service centre on file (${plan.noCentre.length} owners)`);
  return lines.join('; ');
}

export function notOfferedCount(plan: OfferPlan): number {
  return plan.withoutSlot.reduce((n, w) => n + w.owners.length, 0) + plan.noCentre.length;
}
