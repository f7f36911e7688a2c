/** How many contacts each channel would reach now, for a dry run. */
import type { Pool } from '../db/pool.js';
import { sql } from '../db/queries.js';

export async function reachByChannel(pool: Pool, contactIds: number[]): Promise<{ email: number; post: number; phone: number }> {
  const { rows } = await pool.query<{ email: number; post: number; phone: number }>(sql('reach-by-channel'), [contactIds]);
  return rows[0] ?? { email: 0, post: 0, phone: 0 };
}
