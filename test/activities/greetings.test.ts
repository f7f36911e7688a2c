import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendGreetingsPage } from '../../activities/greetings.js';
import type { GreetingsPageRequest, GreetingsPageResult } from '../../activities/types.js';
import { activityFixture, type ActivityFixture } from '../helpers/activities.js';
import type { RecordingRenderer } from '../helpers/fake-renderer.js';
import { insertCampaign, insertContact } from '../helpers/seed.js';

let fx: ActivityFixture;
const owners: { id: number; email: boolean; post: boolean }[] = [];
const trip = { destination: '云南', startsOn: '2027-04-10', endsOn: '2027-04-14', rsvpUrl: 'https://x/rsvp', rsvpBy: '2027-03-01' };

beforeAll(async () => {
  fx = await activityFixture({ clock: { now: () => new Date('2026-12-20T02:00:00Z') } });
  await insertCampaign(fx.db.pool, 'xmas-2026', 'greetings', { trip, gift: { description: '茶具', delivery: 'by courier' } });
  await insertContact(fx.db.pool, { stage: 'prospect' }); // prospects are not greeted
  const tiers = ['gold', 'silver', 'regular'] as const;
  for (let i = 0; i < 23; i += 1) {
    const email = i % 4 !== 1;
    const post = i % 4 !== 2;
    const id = await insertContact(fx.db.pool, { tier: tiers[i % 3], consentEmail: email, consentPost: post, email: `xmas${i}@example.com` });
    owners.push({ id, email, post });
  }
  // One owner unsubscribed from e-mail after the list was drawn.
  await fx.db.pool.query(`INSERT INTO suppressions (channel, contact_id, reason) VALUES ('email', $1, 'unsubscribe')`, [owners[0]!.id]);
});
afterAll(async () => fx?.close());

async function runAll(request: Omit<GreetingsPageRequest, 'afterContactId'>) {
  const totals = { sent: 0, failed: 0, skipped: 0, pages: 0, heartbeats: 0 };
  for (let cursor = 0; ; ) {
    const result: GreetingsPageResult = await sendGreetingsPage(fx.deps, { ...request, afterContactId: cursor }, () => (totals.heartbeats += 1));
    if (result.lastContactId === null) return totals;
    totals.pages += 1;
    totals.sent += result.sent;
    totals.failed += result.failed;
    totals.skipped += result.skipped;
    cursor = result.lastContactId;
  }
}

describe('sendGreetingsPage', () => {
  const request = { campaignId: 'xmas-2026', occasion: 'christmas-new-year', step: 'greeting-2027', pageSize: 10, ratePerSecond: 0 } as const;

  it('greets every owner once by e-mail and/or letter as they consent, page by page', async () => {
    const totals = await runAll(request);
    const emails = owners.filter((o) => o.email).length - 1; // one unsubscribed
    const letters = owners.filter((o) => o.post).length;
    expect(totals.pages).toBe(3);
    expect(totals).toMatchObject({ sent: emails + letters, failed: 0, skipped: 1 });
    // At least one heartbeat per page and one per 25 owners, so a dead worker is noticed.
    expect(totals.heartbeats).toBeGreaterThanOrEqual(Math.max(totals.pages, Math.floor(owners.length / 25)));
    const messages = (await fx.smtp.messages()).filter((m) => m.to[0]?.startsWith('xmas'));
    expect(messages).toHaveLength(emails);
    expect(new Set(messages.map((m) => m.to[0])).size).toBe(emails);
    const jobs = (await readdir(fx.letterShopDir)).filter((f) => f.startsWith('xmas-2026') && f.endsWith('.pdf'));
    expect(jobs).toHaveLength(3); // one print job per page

    // Tier variants travel in the context: the gold owner's occasion carries the trip.
    const rendered = (fx.deps.renderer as RecordingRenderer).emails.filter((e) => e.template.startsWith('greeting-christmas-new-year-'));
    const gold = rendered.find((e) => e.context.tier === 'gold')!;
    expect(gold.template).toBe('greeting-christmas-new-year-gold');
    // The RSVP link is the gold owner's own page, not one link for all.
    expect(gold.context.occasion).toMatchObject({ kind: 'christmas-new-year', year: 2027, date: '2027-01-01', trip: { ...trip, rsvpUrl: expect.stringMatching(/\/rsvp\/[\w.-]+$/) } });
    expect(rendered.find((e) => e.context.tier === 'regular')!.context.occasion).toMatchObject({ trip: null, gift: null });
  });

  it('sends nothing twice when the pages are run again (a retried page)', async () => {
    const before = (await fx.smtp.messages()).length;
    const files = (await readdir(fx.letterShopDir)).length;
    const totals = await runAll(request);
    expect(totals.sent).toBeGreaterThan(0); // the recorded results, reported again
    expect((await fx.smtp.messages()).length).toBe(before);
    expect((await readdir(fx.letterShopDir)).length).toBe(files);
    const { rows } = await fx.db.pool.query(`SELECT count(*)::int AS n, count(DISTINCT idempotency_key)::int AS keys FROM deliveries WHERE campaign_id = 'xmas-2026'`);
    expect(rows[0].n).toBe(rows[0].keys);
  });

  it('keeps to the rate across the page', async () => {
    await insertCampaign(fx.db.pool, 'rate-2026', 'greetings');
    const started = Date.now();
    const result = await sendGreetingsPage(fx.deps, { ...request, campaignId: 'rate-2026', step: 'r', pageSize: 6, ratePerSecond: 20, afterContactId: 0 });
    expect(result.sent).toBeGreaterThan(0);
    // The first six owners hold three e-mails (one unsubscribed, two without e-mail consent): at
    // 20/s they take two 50 ms gaps at least; timers may fire a millisecond or two early.
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
  });

  it('greets birthdays only on the day, and counts owners', async () => {
    await insertCampaign(fx.db.pool, 'bday', 'greetings');
    const today = await insertContact(fx.db.pool, { birthday: '1980-12-20', email: 'bday-today@example.com' });
    await insertContact(fx.db.pool, { birthday: '1980-12-21', email: 'bday-tomorrow@example.com' });
    const result = await sendGreetingsPage(fx.deps, { ...request, campaignId: 'bday', occasion: 'birthday', step: 'bday-2026', afterContactId: 0, pageSize: 100 });
    expect(result.lastContactId).toBe(today);
    const to = (await fx.smtp.messages()).flatMap((m) => m.to).filter((t) => t.startsWith('bday'));
    expect(to).toEqual(['bday-today@example.com']);
    expect(await fx.activities.countGreetingsRecipients('christmas-new-year')).toBe(owners.length + 2);
    expect(await fx.activities.countGreetingsRecipients('birthday')).toBe(1);
    expect(await fx.activities.countGreetingsRecipients('birthday', '2026-12-21')).toBe(1);
    const tomorrow = await sendGreetingsPage(fx.deps, { ...request, campaignId: 'bday', occasion: 'birthday', step: 'bday-2026', afterContactId: 0, pageSize: 100, onDate: '2026-12-21' });
    expect(tomorrow.sent).toBe(2); // e-mail and letter
  });

  it('fails a page whose piece is held by a crashed attempt, recording nothing as failed', async () => {
    await insertCampaign(fx.db.pool, 'held', 'greetings');
    const owner = owners[3]!.id; // e-mail and post
    await fx.db.pool.query(
      `INSERT INTO deliveries (idempotency_key, campaign_id, contact_id, step, channel, attempts, lease_until)
       VALUES ($1, 'held', $2, 's', 'email', 1, now() + interval '1 minute')`,
      [`held/${owner}/s/email`, owner],
    );
    await expect(sendGreetingsPage(fx.deps, { ...request, campaignId: 'held', step: 's', afterContactId: owner - 1, pageSize: 3 })).rejects.toThrow(/another attempt/);
    const { rows } = await fx.db.pool.query(`SELECT count(*)::int AS n FROM deliveries WHERE campaign_id = 'held' AND status = 'failed'`);
    expect(rows[0].n).toBe(0);
  });
});
