/**
 * Moving an inspection booking to another slot through the workflow's own updates: the new slot
 * is checked for a free place first, then the booking is cancelled and the new one made. If
 * another owner takes the last place in between, the old slot is asked for again.
 */
import type { Client } from '@temporalio/client';
import type { SlotBooking } from '../activities/types.js';
import type { Pool } from '../db/pool.js';
import { sql } from '../db/queries.js';
import { bookInspection, cancelInspection } from './respond.js';

export async function changeInspection(temporal: Client, pool: Pool, bookingCode: string, fromSlotId: number, toSlotId: number): Promise<SlotBooking> {
  const { rows } = await pool.query<{ free: boolean }>(sql('slot-has-room'), [toSlotId]);
  if (!rows[0]) return { ok: false, reason: 'unknown-slot' };
  if (!rows[0].free) return { ok: false, reason: 'full' };
  await cancelInspection(temporal, pool, bookingCode);
  const booked = await bookInspection(temporal, pool, bookingCode, toSlotId);
  if (!booked.ok) await bookInspection(temporal, pool, bookingCode, fromSlotId).catch(() => undefined);
  return booked;
}
