/**
 * Free-inspection scheduling end to end: the offer with its booking code, booking by Workflow
 * Update (two owners racing for the last place), confirmation, the reminder the day before, and
 * after the date thanks for those who came or a new offer and a call for those who did not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlotBooking } from '../../activities/types.js';
import { bookInspection, cancelInspection, recordAttendance } from '../../client/respond.js';
import { startInspection } from '../../client/start.js';
import { contactWorkflowId } from '../../lib/temporal-names.js';
import { inspectionStatusQuery, type InspectionStatus } from '../../workflows/inspection.js';
import { startTestEngine, type TestEngine } from '../helpers/engine.js';
import { insertOwner, insertServiceCentre, insertSlot, type ContactSeed } from '../helpers/seed.js';
import { until } from '../helpers/until.js';

let engine: TestEngine;
let centre: number;
const DAY = 86_400_000;
const OPTIONS = { offerPeriod: '30 days', reminderBefore: '1 day', followUpAfter: '1 day' } as const;

beforeAll(async () => {
  engine = await startTestEngine();
  centre = await insertServiceCentre(engine.db.pool);
});
afterAll(async () => engine?.close());

/** An owner with a car, as every inspection offer needs. */
const owner = (email: string, extra: ContactSeed = {}): Promise<number> => insertOwner(engine.db.pool, { email, ...extra }, 'SUV X', '2024-05-01');

async function codeOf(campaignId: string, contactId: number): Promise<string> {
  return (await engine.activities.issueReplyCard(campaignId, contactId)).responseCode;
}

async function subjectsTo(email: string): Promise<string[]> {
  return (await engine.smtp.messages()).filter((m) => m.to.includes(email)).map((m) => m.parsed.subject ?? '');
}

async function statusOf(campaignId: string, contactId: number): Promise<InspectionStatus> {
  return engine.realtime.workflow.getHandle(contactWorkflowId('inspection', campaignId, contactId)).query(inspectionStatusQuery);
}

describe('free-inspection scheduling', () => {
  it('gives the last place in a slot to exactly one of two owners booking at once', async () => {
    const now = await engine.env.currentTimeMs();
    const slot = await insertSlot(engine.db.pool, centre, new Date(now + 10 * DAY).toISOString(), 1);
    const a = await owner('race-a@example.com');
    const b = await owner('race-b@example.com');
    await engine.withWorker(async () => {
      await startInspection(engine.client, 'dec-race', [a, b], OPTIONS);
      await until(async () => (await statusOf('dec-race', a)).stage === 'sent' && (await statusOf('dec-race', b)).stage === 'sent', (ok) => ok, 'the offers');
      const [codeA, codeB] = [await codeOf('dec-race', a), await codeOf('dec-race', b)];
      const results: SlotBooking[] = await Promise.all([
        bookInspection(engine.realtime, engine.db.pool, codeA, slot),
        bookInspection(engine.realtime, engine.db.pool, codeB, slot),
      ]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'full' }]);
      const { rows } = await engine.db.pool.query(`SELECT booked, capacity FROM inspection_slots WHERE id = $1`, [slot]);
      expect(rows[0]).toEqual({ booked: 1, capacity: 1 });

      // The loser cancels nothing; the winner frees the place and the other owner takes it.
      const winner = results[0]!.ok ? codeA : codeB;
      const loser = winner === codeA ? codeB : codeA;
      expect(await cancelInspection(engine.realtime, engine.db.pool, loser)).toEqual({ ok: false, reason: 'not-booked' });
      expect((await cancelInspection(engine.realtime, engine.db.pool, winner)).ok).toBe(true);
      expect((await bookInspection(engine.realtime, engine.db.pool, loser, slot)).ok).toBe(true);
      for (const id of [a, b]) await engine.realtime.workflow.getHandle(contactWorkflowId('inspection', 'dec-race', id)).terminate('test over');
    });
  });

  it("offers nothing to an owner whose centre has no free slot, before anything is sent, and names the centre", async () => {
    await insertServiceCentre(engine.db.pool, '广州天河服务中心', '广州', '510620');
    const id = await owner('no-slot@example.com', { city: '广州', postcode: '510630' });
    const tally = await startInspection(engine.client, 'dec-none', [id], OPTIONS);
    expect(tally).toEqual({ started: [], running: [], finished: [], notOffered: { count: 1, reason: 'no free slot from now on at 广州天河服务中心 (1 owner)' } });
    await expect(engine.client.temporal.workflow.getHandle(contactWorkflowId('inspection', 'dec-none', id)).describe()).rejects.toThrow(/not found/i);
    expect((await engine.db.pool.query('SELECT 1 FROM deliveries WHERE contact_id = $1', [id])).rowCount).toBe(0);
  });

  it("names the centre that services the owner's car, as the owner file gives it, before the nearest one", async () => {
    const far = await insertServiceCentre(engine.db.pool, '杭州西湖服务中心', '杭州', '310012');
    await engine.db.pool.query(`UPDATE service_centres SET code = 'SC-HZ-01' WHERE id = $1`, [far]);
    await insertSlot(engine.db.pool, far, new Date((await engine.env.currentTimeMs()) + 15 * DAY).toISOString(), 2);
    const id = await owner('serviced-elsewhere@example.com', { city: '上海', postcode: '200120' });
    await engine.db.pool.query(`UPDATE vehicles SET service_centre = 'SC-HZ-01' WHERE contact_id = $1`, [id]);
    const tally = await startInspection(engine.client, 'dec-serviced', [id], OPTIONS);
    expect(tally.started).toEqual([contactWorkflowId('inspection', 'dec-serviced', id)]);
    const { rows } = await engine.db.pool.query('SELECT service_centre_id FROM inspection_offers WHERE campaign_id = $1 AND contact_id = $2', ['dec-serviced', id]);
    expect(rows).toEqual([{ service_centre_id: far }]);
    await engine.client.temporal.workflow.getHandle(contactWorkflowId('inspection', 'dec-serviced', id)).terminate('test over');
  });

  it('refuses an unknown slot and an invalid one at once, with the reason', async () => {
    const id = await owner('unknown-slot@example.com');
    await insertSlot(engine.db.pool, centre, new Date((await engine.env.currentTimeMs()) + 20 * DAY).toISOString(), 1);
    await engine.withWorker(async () => {
      await startInspection(engine.client, 'dec-bad', [id], OPTIONS);
      await until(() => statusOf('dec-bad', id), (s) => s.stage === 'sent', 'the offer');
      const code = await codeOf('dec-bad', id);
      expect(await bookInspection(engine.realtime, engine.db.pool, code, 999_999)).toEqual({ ok: false, reason: 'unknown-slot' });
      await expect(bookInspection(engine.realtime, engine.db.pool, code, -1)).rejects.toThrow('slot must be a positive integer, got -1');
      await engine.realtime.workflow.getHandle(contactWorkflowId('inspection', 'dec-bad', id)).terminate('test over');
    });
  });

  it('confirms, reminds the day before, and thanks the owner who came', async () => {
    const now = await engine.env.currentTimeMs();
    const slot = await insertSlot(engine.db.pool, centre, new Date(now + 10 * DAY).toISOString(), 3);
    const id = await owner('came@example.com', { language: 'en', name: 'Emily Chen' });
    await engine.withWorker(async () => {
      await startInspection(engine.client, 'dec-came', [id], OPTIONS);
      await until(() => statusOf('dec-came', id), (s) => s.stage === 'sent', 'the offer');
      const booked = await bookInspection(engine.realtime, engine.db.pool, await codeOf('dec-came', id), slot);
      expect(booked.ok).toBe(true);
      await until(() => subjectsTo('came@example.com'), (s) => s.length === 2, 'the confirmation');

      await engine.env.sleep(9 * DAY + 60_000); // to just past the day before
      await until(() => subjectsTo('came@example.com'), (s) => s.length === 3, 'the reminder');
      if (booked.ok) await recordAttendance(engine.db.pool, booked.bookingId, 'came');
      const handle = engine.client.temporal.workflow.getHandle(contactWorkflowId('inspection', 'dec-came', id));
      const status = await handle.result(); // skips to the day after and thanks
      expect(status.stage).toBe('attended');
    });
    const subjects = await subjectsTo('came@example.com');
    expect(subjects).toHaveLength(4); // offer, confirmation, reminder, thanks
    const { rows } = await engine.db.pool.query(
      `SELECT step, status FROM deliveries WHERE contact_id = $1 AND channel = 'email' ORDER BY id`,
      [id],
    );
    expect(rows.map((r) => r.step.replace(/-\d+$/, ''))).toEqual(['offer', 'confirm', 'reminder', 'thanks']);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
  });

  it('offers a new slot and a call to the owner who did not come, and closes when no new booking follows', async () => {
    engine.calls.setAnswer('no-answer');
    const now = await engine.env.currentTimeMs();
    const slot = await insertSlot(engine.db.pool, centre, new Date(now + 5 * DAY).toISOString(), 3);
    const id = await owner('missed@example.com');
    await engine.withWorker(async () => {
      await startInspection(engine.client, 'dec-missed', [id], OPTIONS);
      await until(() => statusOf('dec-missed', id), (s) => s.stage === 'sent', 'the offer');
      const booked = await bookInspection(engine.realtime, engine.db.pool, await codeOf('dec-missed', id), slot);
      if (booked.ok) await recordAttendance(engine.db.pool, booked.bookingId, 'no-show');
      const status = await engine.client.temporal.workflow.getHandle(contactWorkflowId('inspection', 'dec-missed', id)).result();
      expect(status.stage).toBe('missed');
    });
    const { rows } = await engine.db.pool.query(`SELECT step, status FROM deliveries WHERE contact_id = $1 AND channel = 'email' ORDER BY id`, [id]);
    expect(rows.map((r) => r.step.replace(/-\d+$/, ''))).toEqual(['offer', 'confirm', 'reminder', 'missed']);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    expect(engine.calls.tasks().filter((t) => t.contactId === id).map((t) => t.purpose)).toEqual(['inspection-rebook']);
  });
});
