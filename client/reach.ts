/**
 * How many contacts each channel would reach now, for a dry run: the same rule the sends apply
 * at the moment of sending (activities/contacts.ts `reach`), over the contacts a page at a time.
 */
import { reach, readContacts } from '../activities/contacts.js';
import type { Pool } from '../db/pool.js';

const PAGE = 1000;

export async function reachByChannel(pool: Pool, contactIds: number[]): Promise<{ email: number; post: number; phone: number }> {
  const counts = { email: 0, post: 0, phone: 0 };
  for (let i = 0; i < contactIds.length; i += PAGE) {
    for (const now of (await readContacts(pool, contactIds.slice(i, i + PAGE))).values()) {
      for (const channel of ['email', 'post', 'phone'] as const) if (reach(now, channel).ok) counts[channel]++;
    }
  }
  return counts;
}
