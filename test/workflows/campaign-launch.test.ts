/**
 * The launch of a per-contact campaign for a whole file: one workflow pages through the audience,
 * writes each owner's inspection offer and starts their run. A page whose result is lost after
 * its work (a worker killed at the wrong moment) is done again: each owner still gets one offer
 * and one run, and a launched run books as any.
 */
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchTally } from '../../activities/types.js';
import { launchProgress, startLaunch } from '../../client/launch.js';
import { launchProgressQuery, type campaignLaunch } from '../../workflows/campaign-launch.js';
import { bookInspection } from '../../client/respond.js';
import { registerCampaign } from '../../client/start.js';
import { contactWorkflowId } from '../../lib/temporal-names.js';
import { inspectionStatusQuery } from '../../workflows/inspection.js';
import { startTestEngine, type TestEngine } from '../helpers/engine.js';
import { daysAhead, insertOwner, insertServiceCentre, insertSlot } from '../helpers/seed.js';

let engine: TestEngine;

beforeAll(async () => {
  engine = await startTestEngine();
});
afterAll(async () => engine?.close());

const OWNERS = 23;
const PAGE = 5;

describe('a campaign launched for the whole file', () => {
  it('offers every owner once across pages and a page redone, and the runs book', { timeout: 120_000 }, async () => {
    const centre = await insertServiceCentre(engine.db.pool, '大连服务中心', '大连', '116000');
    const slot = await insertSlot(engine.db.pool, centre, daysAhead(6), 30);
    const owners: number[] = [];
    for (let i = 0; i < OWNERS; i++) {
      // Every third owner has no e-mail address: their offer goes by letter alone.
      owners.push(await insertOwner(engine.db.pool, { city: '大连', postcode: '116000', email: i % 3 === 2 ? null : `o${i}@launch.example` }));
    }
    const campaignId = 'dalian-check';
    const request = {
      campaignId,
      kind: 'inspection' as const,
      segment: { stage: 'owner' as const, withVehicle: true, city: ['大连'], sampleContacts: false },
      holdoutShare: 0,
      pageSize: PAGE,
      offer: { offerPeriod: '30 days', reminderBefore: '1 day', followUpAfter: '1 day' },
    };

    await registerCampaign(engine.db.pool, { id: campaignId, kind: 'inspection' }, []);
    // The second page's first attempt does its work and then dies before it can report.
    const realPage = engine.activities.launchPage;
    let pages = 0;
    engine.activities.launchPage = async (page) => {
      const result = await realPage(page);
      if (++pages === 2) throw ApplicationFailure.retryable('worker lost after the page was done');
      return result;
    };
    let tally: LaunchTally;
    try {
      // Watched by describe and query, not awaited: awaiting a result lets the test server skip time, and the offers would lapse.
      tally = await engine.withWorker(async () => {
        const launch = engine.client.temporal.workflow.getHandle<typeof campaignLaunch>(await startLaunch(engine.client, request));
        for (let i = 0; i < 600 && (await launch.describe()).status.name === 'RUNNING'; i++) await new Promise((r) => setTimeout(r, 50));
        return launch.query(launchProgressQuery);
      });
    } finally {
      engine.activities.launchPage = realPage;
    }
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(OWNERS / PAGE) + 1);
    // Across the redone page: one run per owner.
    expect(tally.started + tally.already).toBe(OWNERS);

    expect(tally.audience).toBeGreaterThanOrEqual(OWNERS);
    expect(tally.pieces.failed).toBe(0);
    // Each owner: one offer, by e-mail or by letter, under one key; one run, waiting for a booking.
    const { rows } = await engine.db.pool.query<{ contact_id: number; channel: string; n: number }>(
      `SELECT contact_id, channel, count(*)::int AS n FROM deliveries WHERE campaign_id = $1 AND step = 'offer' GROUP BY 1, 2 ORDER BY 1`,
      [campaignId],
    );
    expect([...new Set(rows.map((r) => r.contact_id))]).toEqual(owners);
    expect(rows.filter((r) => r.channel === 'post')).toHaveLength(OWNERS);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    expect(tally.pieces.sent).toBeLessThanOrEqual(rows.length); // a redone page's pieces are not counted twice
    const mails = (await engine.smtp.messages()).filter((m) => m.to[0]?.endsWith('@launch.example'));
    expect(mails.map((m) => m.to[0]).sort()).toEqual(owners.map((_, i) => i).filter((i) => i % 3 !== 2).map((i) => `o${i}@launch.example`).sort());
    const stages = await engine.db.pool.query<{ stage: string; n: number }>(`SELECT stage, count(*)::int AS n FROM campaign_contacts WHERE campaign_id = $1 GROUP BY 1`, [campaignId]);
    expect(stages.rows).toEqual([{ stage: 'sent', n: OWNERS }]);

    // A launched run answers as any: its booking code books the owner's slot, and the
    // confirmation follows in writing.
    const handle = engine.client.temporal.workflow.getHandle(contactWorkflowId('inspection', campaignId, owners[0]!));
    const confirmations = async () =>
      (await engine.db.pool.query<{ channel: string }>(`SELECT channel FROM deliveries WHERE campaign_id = $1 AND contact_id = $2 AND step LIKE 'confirm-%' ORDER BY channel`, [campaignId, owners[0]])).rows;
    await engine.withWorker(async () => {
      // A query is answered by a worker, the ended launch's too.
      expect(await launchProgress(engine.client, campaignId)).toMatchObject({ done: true, afterContactId: owners.at(-1) });
      const status = await handle.query(inspectionStatusQuery);
      expect(status.stage).toBe('sent');
      const booked = await bookInspection(engine.client.temporal, engine.db.pool, status.bookingCode!, slot);
      expect(booked).toMatchObject({ ok: true, serviceCentre: '大连服务中心' });
      for (let i = 0; i < 100 && (await confirmations()).length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    });
    expect((await confirmations()).map((r) => r.channel)).toEqual(['email', 'post']);
    expect((await handle.describe()).status.name).toBe('RUNNING');
  });
});
