/**
 * The runs of the campaigns on the list, by execution status, from Temporal: asked for all at
 * once within one deadline, and kept 5 seconds, so a list of many campaigns opened by several
 * people does not ask Temporal the same count again and again.
 */
import type { Client } from '@temporalio/client';
import { campaignRuns } from '../../client/campaigns.js';
import { temporalWithin } from './temporal-within.js';

const KEEP_MS = 5_000;
const seen = new Map<string, { at: number; runs: Record<string, number> }>();

/** Each campaign's runs, or undefined for all when Temporal did not answer in time (with why). */
export async function runsOfCampaigns(temporal: Client, ids: string[]): Promise<{ ok: true; runs: Map<string, Record<string, number>> } | { ok: false; error: string }> {
  const now = Date.now();
  const stale = ids.filter((id) => (seen.get(id)?.at ?? 0) < now - KEEP_MS);
  if (stale.length) {
    const asked = await temporalWithin(temporal, () => Promise.all(stale.map((id) => campaignRuns(temporal, id))));
    if (!asked.ok) return asked;
    stale.forEach((id, i) => seen.set(id, { at: now, runs: asked.value[i]! }));
    if (seen.size > 2000) for (const [id, s] of seen) if (s.at < now - KEEP_MS) seen.delete(id);
  }
  return { ok: true, runs: new Map(ids.map((id) => [id, seen.get(id)!.runs])) };
}
