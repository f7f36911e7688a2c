/** Draws a segment of the contact file: the contacts a campaign targets. */
import type { Pool } from '../db/pool.js';
import { sql } from '../db/queries.js';
import { segmentCondition, withSegment, type Segment } from '../db/segment.js';

export type { Segment };

/** Contact ids of the segment in id order, read a page at a time. */
export async function segmentContactIds(pool: Pool, segment: Segment, pageSize = 1000): Promise<number[]> {
  const query = withSegment(sql('segment-contacts'), 2, { ...segment, sampleContacts: segment.sampleContacts ?? false });
  const ids: number[] = [];
  for (let after = 0; ; ) {
    const { rows } = await pool.query<{ id: number }>(query.text, [after, pageSize, ...query.params]);
    for (const row of rows) ids.push(row.id);
    if (rows.length < pageSize) return ids;
    after = rows[rows.length - 1]!.id;
  }
}

/** How many contacts the segment holds now. */
export async function countSegment(pool: Pool, segment: Segment): Promise<number> {
  const condition = segmentCondition(segment);
  const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM contacts c WHERE ${condition.text}`, condition.params);
  return rows[0]?.n ?? 0;
}
