import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PieceRequest } from '../../activities/types.js';
import { deliveryKey } from '../../lib/delivery-key.js';
import { activityFixture, type ActivityFixture } from '../helpers/activities.js';
import { pdfPageCount } from '../helpers/pdf.js';
import { insertCampaign, insertContact, insertDealer } from '../helpers/seed.js';
import type { RecordingRenderer } from '../helpers/fake-renderer.js';

let fx: ActivityFixture;
beforeAll(async () => {
  fx = await activityFixture();
  await insertCampaign(fx.db.pool, 'pack-2026', 'hot-lead-pack', { sourceCode: 'MAG-07' });
  await insertDealer(fx.db.pool, '北京东方4S店', '北京', '100020');
  await insertDealer(fx.db.pool, '上海浦东4S店', '上海', '200122');
  await insertDealer(fx.db.pool, '上海徐汇4S店', '上海', '200030');
});
afterAll(async () => fx?.close());

const letter = (contactId: number, template = 'hot-lead-pack'): PieceRequest => ({
  idempotencyKey: deliveryKey('pack-2026', contactId, 'pack', 'post'),
  campaignId: 'pack-2026',
  contactId,
  step: 'pack',
  template,
});

describe('sendLetterPiece', () => {
  it('hands one print job (merged PDF + manifest) to the letter shop once per key', async () => {
    const id = await insertContact(fx.db.pool, { name: '张伟', address: '浦东新区世纪大道100号\n25楼', postcode: '200120', city: '上海' });
    const card = await fx.activities.issueReplyCard('pack-2026', id);
    const p = { ...letter(id), data: { replyCard: card } };
    const first = await fx.activities.sendLetterPiece(p);
    const again = await fx.activities.sendLetterPiece(p);
    expect(first).toMatchObject({ status: 'sent', repeated: false, providerId: `piece-${first.deliveryId}` });
    expect(again).toEqual({ ...first, repeated: true });

    const files = (await readdir(fx.letterShopDir)).filter((f) => f.startsWith(`pack-2026-pack-${id}-`));
    expect(files.map((f) => f.slice(-4)).sort()).toEqual(['.csv', '.pdf']);
    const pdf = await readFile(join(fx.letterShopDir, files.find((f) => f.endsWith('.pdf'))!));
    expect(pdfPageCount(pdf)).toBe(2);
    const manifest = parse(await readFile(join(fx.letterShopDir, files.find((f) => f.endsWith('.csv'))!)), { columns: true, bom: true });
    expect(manifest).toEqual([
      { piece_id: first.providerId, contact_id: String(id), name: '张伟', address: '浦东新区世纪大道100号, 25楼', postcode: '200120', city: '上海', pages: '2' },
    ]);

    // The context the template got: the reply card, the source code, nearest dealers first.
    const printed = (fx.deps.renderer as RecordingRenderer).prints.find((x) => x.pieceId === first.providerId)!;
    expect(printed.context.replyCard).toEqual(card);
    expect(printed.context.campaign.sourceCode).toBe('MAG-07');
    expect(printed.context.contact.familyName).toBe('张');
    expect(printed.context.contact.addressLines).toEqual(['浦东新区世纪大道100号', '25楼']);
    expect(printed.context.dealers.map((d) => d.name)).toEqual(['上海浦东4S店', '上海徐汇4S店', '北京东方4S店']);
  });

  it('skips a contact without a postal address or consent, and records a template error', async () => {
    const noAddress = await insertContact(fx.db.pool, { address: null });
    expect(await fx.activities.sendLetterPiece(letter(noAddress))).toMatchObject({ status: 'skipped', reason: 'no postal address' });
    const noConsent = await insertContact(fx.db.pool, { consentPost: false });
    expect(await fx.activities.sendLetterPiece(letter(noConsent))).toMatchObject({ status: 'skipped', reason: 'no consent for post' });
    const broken = await insertContact(fx.db.pool);
    const result = await fx.activities.sendLetterPiece(letter(broken, 'broken'));
    expect(result.status).toBe('failed');
    expect(result.reason).toMatch(/^render: /);
  });
});
