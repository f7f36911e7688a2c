import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityFixture, type ActivityFixture } from '../helpers/activities.js';
import { insertContact, insertServiceCentre, insertSlot } from '../helpers/seed.js';

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
    const slot = await insertSlot(fx.db.pool, centre, '2026-12-05T01:30:00Z', 1);
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
    const slot = await insertSlot(fx.db.pool, centre, '2026-12-05T02:30:00Z', 3);
    const owners = await Promise.all(Array.from({ length: 8 }, () => insertContact(fx.db.pool)));
    const results = await Promise.all(owners.map((o) => fx.activities.bookInspectionSlot('dec-2026', o, slot)));
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(await slotBooked(slot)).toBe(3);
  });

  it('answers a repeated booking with the same booking, refuses a second slot, and cancels to free the place', async () => {
    const slot = await insertSlot(fx.db.pool, centre, '2026-12-06T01:30:00Z', 2);
    const other = await insertSlot(fx.db.pool, centre, '2026-12-06T02:30:00Z', 2);
    const owner = await insertContact(fx.db.pool);
    const first = await fx.activities.bookInspectionSlot('dec-2026', owner, slot);
    expect(first).toMatchObject({ ok: true, slotId: slot, serviceCentre: '上海浦东服务中心', startsAt: '2026-12-06T01:30:00.000Z' });
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
    const slot = await insertSlot(fx.db.pool, centre, '2026-12-07T01:30:00Z', 5);
    const booking = await fx.activities.bookInspectionSlot('dec-2026', owner, slot);
    if (!booking.ok) throw new Error('expected a booking');
    expect(await fx.activities.inspectionAttendance(booking.bookingId)).toBe('unknown');
    await fx.db.pool.query(`UPDATE inspection_bookings SET attendance = 'came' WHERE id = $1`, [booking.bookingId]);
    expect(await fx.activities.inspectionAttendance(booking.bookingId)).toBe('came');
  });
});
