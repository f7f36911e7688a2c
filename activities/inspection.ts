/**
 * Inspection slots. Capacity is the database's to enforce: a place is taken by an UPDATE that
 * only succeeds while booked < capacity (and a CHECK backs it), inside the same transaction as
 * the booking row, so two owners never get the last place and a failed booking frees nothing.
 */
import type pg from 'pg';
import { sql } from '../db/queries.js';
import { inTransaction } from '../db/transaction.js';
import type { SlotBooking } from './types.js';

interface LiveRow {
  id: number;
  slot_id: number;
  starts_at: Date;
  service_centre: string;
}

const booked = (r: LiveRow): SlotBooking => ({
  ok: true,
  bookingId: r.id,
  slotId: r.slot_id,
  serviceCentre: r.service_centre,
  startsAt: r.starts_at.toISOString(),
});

class Refused extends Error {
  constructor(readonly booking: SlotBooking) {
    super('refused');
  }
}

/** Books the slot; the same booking again (a retry) answers with the booking already made. */
export async function bookSlot(pool: pg.Pool, campaignId: string, contactId: number, slotId: number): Promise<SlotBooking> {
  const live = async (): Promise<SlotBooking | null> => {
    const row = (await pool.query<LiveRow>(sql('live-booking'), [campaignId, contactId])).rows[0];
    if (!row) return null;
    return row.slot_id === slotId ? booked(row) : { ok: false, reason: 'already-booked' };
  };
  const before = await live();
  if (before) return before;
  try {
    return await inTransaction(pool, async (c) => {
      const check = (await c.query<{ begun: boolean; closed: boolean; elsewhere: boolean }>(sql('slot-for-booking'), [slotId, campaignId, contactId])).rows[0];
      if (!check) throw new Refused({ ok: false, reason: 'unknown-slot' });
      if (check.elsewhere) throw new Refused({ ok: false, reason: 'other-centre' });
      if (check.closed) throw new Refused({ ok: false, reason: 'closed' });
      if (check.begun) throw new Refused({ ok: false, reason: 'past' });
      const slot = (await c.query<{ id: number; starts_at: Date; service_centre_id: number }>(sql('take-slot-place'), [slotId])).rows[0];
      if (!slot) throw new Refused({ ok: false, reason: 'full' });
      const booking = (await c.query<{ id: number }>(sql('insert-booking'), [slotId, campaignId, contactId])).rows[0]!;
      const centre = (await c.query<{ name: string }>(sql('service-centre-name'), [slot.service_centre_id])).rows[0];
      return booked({ id: booking.id, slot_id: slotId, starts_at: slot.starts_at, service_centre: centre?.name ?? '' });
    });
  } catch (err) {
    if (err instanceof Refused) return err.booking;
    // The same owner booking twice at once: the unique index let one through; answer as it stands.
    if ((err as { code?: string }).code === '23505') return (await live()) ?? { ok: false, reason: 'already-booked' };
    throw err;
  }
}

/** Cancels the owner's live booking in the campaign and frees its place. */
export async function cancelBooking(pool: pg.Pool, campaignId: string, contactId: number): Promise<SlotBooking> {
  const row = (await pool.query<LiveRow>(sql('live-booking'), [campaignId, contactId])).rows[0];
  if (!row) return { ok: false, reason: 'not-booked' };
  return inTransaction(pool, async (c) => {
    const cancelled = (await c.query<{ id: number; slot_id: number }>(sql('cancel-booking'), [campaignId, contactId])).rows[0];
    if (!cancelled) return { ok: false, reason: 'not-booked' } as const;
    await c.query(sql('free-slot-place'), [cancelled.slot_id]);
    return booked(row);
  });
}

export async function attendance(pool: pg.Pool, bookingId: number): Promise<'came' | 'no-show' | 'unknown'> {
  const row = (await pool.query<{ attendance: 'came' | 'no-show' | null }>(sql('booking-attendance'), [bookingId])).rows[0];
  return row?.attendance ?? 'unknown';
}
