/**
 * A campaign's funnel, counted from the record, kept for a short while: on a campaign of a million
 * pieces the count takes seconds, so a page shows the latest count at once (saying when it was
 * made) while a fresh one is made in the background, once however many people look.
 */
import type { Pool } from '../../db/pool.js';
import { readFunnel, readFunnelBySource, type Funnel, type SourceFunnel } from '../../client/funnel.js';

export interface CountedFunnel {
  funnel: Funnel;
  bySource: SourceFunnel[];
  countedAt: Date;
}

interface Entry {
  value?: CountedFunnel;
  pending?: Promise<CountedFunnel>;
}

/** Counts younger than this are shown as they are. */
export const FUNNEL_MAX_AGE_MS = 30_000;
const KEEP = 200;
const entries = new Map<string, Entry>();

function refresh(pool: Pool, campaignId: string, entry: Entry): Promise<CountedFunnel> {
  entry.pending ??= Promise.all([readFunnel(pool, campaignId), readFunnelBySource(pool, campaignId)])
    .then(([funnel, bySource]) => (entry.value = { funnel, bySource, countedAt: new Date() }))
    .finally(() => (entry.pending = undefined));
  return entry.pending;
}

/**
 * The funnel of a campaign: the cached count when fresh; a stale one at once while a new one is
 * made; with none yet, the new count if it is ready within `waitMs`, else undefined (the page
 * then fetches it with `countFunnel`).
 */
export async function cachedFunnel(pool: Pool, campaignId: string, waitMs = 250): Promise<CountedFunnel | undefined> {
  let entry = entries.get(campaignId);
  if (!entry) {
    entry = {};
    entries.set(campaignId, entry);
    while (entries.size > KEEP) entries.delete(entries.keys().next().value!);
  }
  const { value } = entry;
  if (value && Date.now() - value.countedAt.getTime() < FUNNEL_MAX_AGE_MS) return value;
  const counting = refresh(pool, campaignId, entry);
  counting.catch(() => undefined); // a failure is reported to whoever waits on countFunnel
  if (value) return value;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), waitMs)));
  try {
    return await Promise.race([counting, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The funnel, waiting for the count in progress (or a fresh one) however long it takes. */
export async function countFunnel(pool: Pool, campaignId: string): Promise<CountedFunnel> {
  const entry = entries.get(campaignId) ?? {};
  entries.set(campaignId, entry);
  if (entry.value && Date.now() - entry.value.countedAt.getTime() < FUNNEL_MAX_AGE_MS) return entry.value;
  return refresh(pool, campaignId, entry);
}
