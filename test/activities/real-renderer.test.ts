/**
 * The activities with the project's real renderer and templates: what the contact receives is
 * read back (the e-mail parsed, the letter shop's PDF read with pdf.js).
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PieceRequest } from '../../activities/types.js';
import { deliveryKey } from '../../lib/delivery-key.js';
import { createRenderer } from '../../render/index.js';
import { activityFixture, type ActivityFixture } from '../helpers/activities.js';
import { daysAhead, insertCampaign, insertContact, insertReferenceData, insertSlot, insertVehicle } from '../helpers/seed.js';
import { readPdf } from '../render/read-pdf.js';

let fx: ActivityFixture;
let centres: number[];
beforeAll(async () => {
  fx = await activityFixture({ renderer: createRenderer(), clock: { now: () => new Date('2026-11-20T02:00:00Z') } });
  ({ serviceCentres: centres } = await insertReferenceData(fx.db.pool));
  await insertCampaign(fx.db.pool, 'hot-2026', 'hot-lead-pack', { sourceCode: 'MAG-07' });
});
afterAll(async () => fx?.close());

const piece = (contactId: number, channel: 'email' | 'post', step: string, template: string, data?: Record<string, unknown>): PieceRequest => ({
  idempotencyKey: deliveryKey('hot-2026', contactId, step, channel),
  campaignId: 'hot-2026',
  contactId,
  step,
  template,
  data,
});

describe('with the real renderer', () => {
  it('e-mails the hot-lead pack: both parts, the sheets attached, the reply code inside', async () => {
    const id = await insertContact(fx.db.pool, { name: '王伟', email: 'pack@example.com', stage: 'prospect', heat: 'high', screening: { models: ['X5'] } });
    const card = await fx.activities.issueReplyCard('hot-2026', id);
    const result = await fx.activities.sendEmailPiece(piece(id, 'email', 'pack', 'hot-lead-pack', { replyCard: card }));
    expect(result, result.reason).toMatchObject({ status: 'sent' });
    const [m] = (await fx.smtp.messages()).filter((x) => x.to.includes('pack@example.com'));
    expect(m?.parsed.subject).toContain('王伟');
    expect(m?.parsed.text).toContain(card.responseCode);
    expect(m?.parsed.html).toContain(card.responseCode);
    expect(m?.parsed.attachments.length).toBeGreaterThanOrEqual(3);
    expect(m?.parsed.attachments.every((a) => a.contentType === 'application/pdf')).toBe(true);
    expect(m?.parsed.messageId).toBe(result.providerId);
  });

  it('prints the pack for the letter shop: name, address and response code in the PDF', async () => {
    const id = await insertContact(fx.db.pool, { name: '李娜', address: '朝阳区建国路88号', postcode: '100020', city: '北京', stage: 'prospect', heat: 'high' });
    const card = await fx.activities.issueReplyCard('hot-2026', id);
    const result = await fx.activities.sendLetterPiece(piece(id, 'post', 'pack', 'hot-lead-pack', { replyCard: card }));
    expect(result, result.reason).toMatchObject({ status: 'sent' });
    const pdfName = (await readdir(fx.letterShopDir)).find((f) => f.startsWith(`hot-2026-pack-${id}-`) && f.endsWith('.pdf'))!;
    const pages = await readPdf(await readFile(join(fx.letterShopDir, pdfName)));
    const text = pages.map((p) => p.text).join('\n');
    expect(pages.length).toBeGreaterThan(2);
    expect(text).toContain('李娜');
    expect(text).toContain('朝阳区建国路88号');
    expect(text).toContain('100020');
    expect(text).toContain(card.responseCode);
    const manifest = await readFile(join(fx.letterShopDir, pdfName.replace(/\.pdf$/, '.csv')), 'utf8');
    expect(manifest).toContain(`,${pages.length}\r\n`);
  });

  it('renders the inspection offer and confirmation from a booking', async () => {
    const id = await insertContact(fx.db.pool, { name: 'Emily Chen', language: 'en', email: 'insp@example.com' });
    await insertVehicle(fx.db.pool, id);
    const slot = await insertSlot(fx.db.pool, centres[0]!, daysAhead(2), 4);
    const card = await fx.activities.issueReplyCard('hot-2026', id);
    const offer = await fx.activities.sendEmailPiece(piece(id, 'email', 'offer', 'inspection-offer', { bookingCode: card.responseCode, replyCard: card }));
    expect(offer, offer.reason).toMatchObject({ status: 'sent' });
    const booking = await fx.activities.bookInspectionSlot('hot-2026', id, slot);
    const confirm = await fx.activities.sendEmailPiece(piece(id, 'email', 'confirm', 'inspection-confirmation', { booking }));
    expect(confirm, confirm.reason).toMatchObject({ status: 'sent' });
    const texts = (await fx.smtp.messages()).filter((x) => x.to.includes('insp@example.com')).map((x) => x.parsed.text ?? '');
    expect(texts[0]).toContain(card.responseCode);
    expect(texts[1]).toContain('上海浦东服务中心');
  });

  it('greets gold, silver and regular owners with their variant', async () => {
    await insertCampaign(fx.db.pool, 'xmas-real', 'greetings', {
      trip: { destination: 'Yunnan', startsOn: '2027-04-10', endsOn: '2027-04-14', rsvpUrl: 'https://example.com/rsvp', rsvpBy: '2027-03-01' },
      gift: { description: 'a tea set', delivery: 'by courier' },
    });
    for (const tier of ['gold', 'silver', 'regular'] as const) await insertContact(fx.db.pool, { tier, language: 'en', email: `real-${tier}@example.com`, consentPost: false });
    const { sendGreetingsPage } = await import('../../activities/greetings.js');
    let cursor = 0;
    let sent = 0;
    for (;;) {
      const r = await sendGreetingsPage(fx.deps, { campaignId: 'xmas-real', occasion: 'christmas-new-year', step: 'g', afterContactId: cursor, pageSize: 50, ratePerSecond: 0 });
      if (r.lastContactId === null) break;
      expect(r.failed).toBe(0);
      sent += r.sent;
      cursor = r.lastContactId;
    }
    expect(sent).toBeGreaterThanOrEqual(3);
    const byTier = async (tier: string) => (await fx.smtp.messages()).find((x) => x.to.includes(`real-${tier}@example.com`))?.parsed.text ?? '';
    expect(await byTier('gold')).toContain('Yunnan');
    expect(await byTier('silver')).toContain('tea set');
  });
});
