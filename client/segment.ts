/** Draws a segment of the contact file: the contacts a campaign targets. */
import type { Pool } from '../db/pool.js';
import { sql } from '../db/queries.js';

export interface Segment {
  stage: 'prospect' | 'owner';
  heat?: 'high' | 'low';
  tier?: 'gold' | 'silver' | 'regular';
  source?: string;
  /** Only contacts with a vehicle on file (an inspection needs a car to inspect). */
  withVehicle?: boolean;
  /** The bundled sample contacts (npm start's demonstration) instead of the programme's own. */
  sampleContacts?: boolean;
}

/** Contact ids of the segment in id order, read a page at a time. */
export async function segmentContactIds(pool: Pool, segment: Segment, pageSize = 1000): Promise<number[]> {
  const ids: number[] = [];
  for (let after = 0; ; ) {
    const { rows } = await pool.query<{ id: number }>(sql('segment-contacts'), [
      segment.stage,
      segment.heat ?? null,
      segment.tier ?? null,
      segment.source ?? null,
      after,
      pageSize,
      segment.withVehicle ?? false,
      segment.sampleContacts ?? false,
    ]);
    for (const row of rows) ids.push(row.id);
    if (rows.length < pageSize) return ids;
    after = rows[rows.length - 1]!.id;
  }
}
