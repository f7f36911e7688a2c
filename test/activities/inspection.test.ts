import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityFixture, type ActivityFixture } from '../helpers/activities.js';
import { daysAhead, insertContact, insertServiceCentre, insertSlot } from '../helpers/seed.js';

let fx: ActivityFixture;
let centre: number;
beforeAll(async () => {
  fx = await activityFixture();
  centre = await insertServiceCentre(fx.db.pool);
});
afterAll(async () => fx?.close());

const slotBooked = async (slotId: number) =>
  (await fx.db.pool.query<{ booked: number }>('SELECT booked FROM inspection_slots WHERE id = $1', [slotId])).rows[0]?.booked;

describe('inspection bookings', () => {
  it('gives the last place to exactly one of two owners booking at once', async () => {
    const slot = await insertSlot(fx.db.pool, centre, daysAhead(2, '01:30'), 1);
    const [a, b] = [await insertContact(fx.db.pool), await insertContact(fx.db.pool)];
    const results = await Promise.all([
      fx.activities.bookInspectionSlot('dec-2026', a, slot),
      fx.activities.bookInspectionSlot('dec-2026', b, slot),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'full' }]);
    expect(await slotBooked(slot)).toBe(1);
  });

  it('holds capacity under many concurrent bookers', async () => {
    const slot = await insertSlot(fx.db.pool, centre, daysAhead(2, '02:30'), 3);
    const owners = await Promise.all(Array.from({ length: 8 }, () => insertContact(fx.db.pool)));
    const results = await Promise.all(owners.map((o) => fx.activities.bookInspectionSlot('dec-2026', o, slot)));
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(await slotBooked(slot)).toBe(3);
  });

  it('answers a repeated booking with the same booking, refuses a second slot, and cancels to free the place', async () => {
    const slot = await insertSlot(fx.db.pool, centre, daysAhead(3, '01:30'), 2);
    const other = await insertSlot(fx.db.pool, centre, daysAhead(3, '02:30'), 2);
    const owner = await insertContact(fx.db.pool);
    const first = await fx.activities.bookInspectionSlot('dec-2026', owner, slot);
    expect(first).toMatchObject({ ok: true, slotId: slot, serviceCentre: '上海浦东服务中心', startsAt: daysAhead(3, '01:30') });
    expect(await fx.activities.bookInspectionSlot('dec-2026', owner, slot)).toEqual(first);
    expect(await fx.activities.bookInspectionSlot('dec-2026', owner, other)).toEqual({ ok: false, reason: 'already-booked' });
    expect(await slotBooked(slot)).toBe(1);

    expect(await fx.activities.cancelInspectionBooking('dec-2026', owner)).toEqual(first);
    expect(await slotBooked(slot)).toBe(0);
    expect(await fx.activities.cancelInspectionBooking('dec-2026', owner)).toEqual({ ok: false, reason: 'not-booked' });
    expect(await fx.activities.bookInspectionSlot('dec-2026', owner, other)).toMatchObject({ ok: true, slotId: other });
  });

  it('refuses an unknown slot, and reports attendance as recorded', async () => {
    const owner = await insertContact(fx.db.pool);
    expect(await fx.activities.bookInspectionSlot('dec-2026', owner, 999_999)).toEqual({ ok: false, reason: 'unknown-slot' });
    const slot = await insertSlot(fx.db.pool, centre, daysAhead(4, '01:30'), 5);
    const booking = await fx.activities.bookInspectionSlot('dec-2026', owner, slot);
    if (!booking.ok) throw new Error('expected a booking');
    expect(await fx.activities.inspectionAttendance(booking.bookingId)).toBe('unknown');
    await fx.db.pool.query(`UPDATE inspection_bookings SET attendance = 'came' WHERE id = $1`, [booking.bookingId]);
    expect(await fx.activities.inspectionAttendance(booking.bookingId)).toBe('came');
  });

  it('refuses a slot that has begun, a closed one, and one at another centre than the offer names', async () => {
    const owner = await insertContact(fx.db.pool);
    const elsewhere = await insertServiceCentre(fx.db.pool, '北京朝阳服务中心', '北京', '100020');
    await fx.db.pool.query(`INSERT INTO inspection_offers (campaign_id, contact_id, service_centre_id) VALUES ('dec-2026', $1, $2)`, [owner, centre]);
    const begun = await insertSlot(fx.db.pool, centre, new Date(Date.now() - 3_600_000).toISOString(), 5);
    const closed = await insertSlot(fx.db.pool, centre, daysAhead(5, '01:30'), 5);
    await fx.db.pool.query('UPDATE inspection_slots SET closed_at = now() WHERE id = $1', [closed]);
    const other = await insertSlot(fx.db.pool, elsewhere, daysAhead(5, '02:30'), 5);
    expect(await fx.activities.bookInspectionSlot('dec-2026', owner, begun)).toEqual({ ok: false, reason: 'past' });
    expect(await fx.activities.bookInspectionSlot('dec-2026', owner, closed)).toEqual({ ok: false, reason: 'closed' });
    expect(await fx.activities.bookInspectionSlot('dec-2026', owner, other)).toEqual({ ok: false, reason: 'other-centre' });
    const { rows } = await fx.db.pool.query<{ booked: number }>('SELECT sum(booked)::int AS booked FROM inspection_slots WHERE id = ANY($1)', [[begun, closed, other]]);
    expect(rows[0]!.booked).toBe(0); // no place taken by a refused booking
    const open = await insertSlot(fx.db.pool, centre, daysAhead(5, '03:30'), 5);
    expect(await fx.activities.bookInspectionSlot('dec-2026', owner, open)).toMatchObject({ ok: true, slotId: open });
  });
});
