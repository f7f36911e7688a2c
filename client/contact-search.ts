/**
 * Finding a customer the way a caller identifies themselves: by name, e-mail, phone, contact id
 * or the code printed on their reply card or booking letter. Leads to the one view of the
 * customer (contact-view.ts).
 */
import type { Pool } from '../db/pool.js';
import { sql } from '../db/queries.js';
import { findContacts } from './contact-view.js';

export interface ContactMatch {
  id: number;
  name: string;
  email: string | null;
  phone: string | null;
  city: string | null;
  stage: string;
  heat: string | null;
  tier: string;
}

export interface ContactSearch {
  /** How the text was read: 'code', 'id, e-mail or phone', 'name'. */
  readAs: 'code' | 'id, e-mail or phone' | 'name';
  matches: ContactMatch[];
}

/** A bad search the person can fix, naming the field. */
export class ContactSearchError extends Error {
  override name = 'ContactSearchError';
}

/** LIKE's own characters in typed text are matched as themselves. */
const likePrefix = (text: string): string => `${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function searchContacts(pool: Pool, query: string, limit = 50): Promise<ContactSearch> {
  const text = query.trim();
  if (text.length === 0) throw new ContactSearchError('q: type a name, e-mail, phone, contact id or code');
  if (text.length > 200) throw new ContactSearchError('q: at most 200 characters');
  const byIds = async (ids: number[]): Promise<ContactMatch[]> => (ids.length ? (await pool.query<ContactMatch>(sql('console-contacts-by-ids'), [ids])).rows : []);
  // A printed code: letters and digits with a dash or two, never a plain number (that is an id).
  if (/^[A-Za-z0-9-]{6,64}$/.test(text) && !/^\d+$/.test(text)) {
    const { rows } = await pool.query<{ id: number }>(sql('console-contact-by-code'), [text]);
    if (rows.length) return { readAs: 'code', matches: await byIds(rows.map((r) => r.id)) };
  }
  const keyed = await findContacts(pool, text);
  if (keyed) return { readAs: 'id, e-mail or phone', matches: await byIds(keyed.map((c) => c.id)) };
  const { rows } = await pool.query<{ id: number }>(sql('console-contacts-by-name'), [likePrefix(text), limit]);
  const found = await byIds(rows.map((r) => r.id));
  // Ordered by name as the index returns them.
  const order = new Map(rows.map((r, i) => [r.id, i]));
  return { readAs: 'name', matches: found.sort((a, b) => order.get(a.id)! - order.get(b.id)!) };
}
