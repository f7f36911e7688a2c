/**
 * The copy a customer reads, from contexts as a real import makes them: the network, the model
 * catalogue and the owner file imported through the list import, then pieces sent by the
 * activities with the real renderer and read back (e-mail text and HTML, the letter shop's PDF).
 * Names of models and centres in the contact's language, addresses as their script writes them,
 * the campaign's display name (never its id), every PDF font embedded.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendGreetingsPage } from '../../activities/greetings.js';
import type { PieceRequest } from '../../activities/types.js';
import { dealerKind, modelKind, serviceCentreKind } from '../../import/import-network.js';
import { ownerKind } from '../../import/import-owners.js';
import { importFile } from '../../import/run-import.js';
import { deliveryKey } from '../../lib/delivery-key.js';
import { createRenderer } from '../../render/index.js';
import { activityFixture, type ActivityFixture } from '../helpers/activities.js';
import { daysAhead, insertCampaign, insertSlot } from '../helpers/seed.js';
import { readPdf, readPdfFonts } from '../render/read-pdf.js';

const csv = (text: string): Readable => Readable.from([Buffer.from(text, 'utf8')]);
const plain = (text: string): string => text.replace(/\u00a0/g, ' ');
/** The text part with its line breaks undone: none inside Chinese, a space between Latin words. */
const unwrap = (text: string): string => plain(text).replace(/\n\s*(?=[\u4e00-\u9fff（])/g, '').replace(/\n\s*/g, ' ');

const MODELS = 'code,name,name en,language,summary,features,prices\nSEDAN-L,轿车 L,Sedan L,zh-CN,家用轿车,2.0T 发动机,2.0T 舒适版: 229800\n';
const DEALERS =
  'code,name,name en,address,postcode,city,phone\n' +
  'GZ-01,,Guangzhou Pearl River Motors,"1 Tianhe Road, Tianhe District",510620,Guangzhou,020-38001234\n' +
  'GZ-02,广州天河汽车销售服务有限公司,Guangzhou Tianhe Motors,天河区天河北路 20 号,510620,广州,020-38005678\n';
const CENTRES =
  'code,name,name en,address,postcode,city,phone\n' +
  'GZ-S1,广州天河服务中心,Guangzhou Tianhe Service Centre,天河区黄埔大道 88 号,510620,广州,020-38009876\n';
const OWNERS =
  'name,email,phone,address,postcode,city,language,time zone,tier,model,purchase date,consent email,consent post\n' +
  '刘洋,liu.yang@example.cn,+8613600000005,广州市天河区体育西路 10 号,510620,广州,zh-CN,Asia/Shanghai,regular,Sedan L,2024-04-12,yes,yes\n' +
  'Emily Chen,emily.copy@example.com,+8613700000004,"1 Zhujiang New Town, Tianhe District",510623,Guangzhou,en,Asia/Shanghai,regular,SEDAN-L,2025-06-30,yes,yes\n';

let fx: ActivityFixture;
let centre: number;
const ids: Record<string, number> = {};

beforeAll(async () => {
  fx = await activityFixture({ renderer: createRenderer() });
  for (const [file, kind] of [[MODELS, modelKind()], [DEALERS, dealerKind()], [CENTRES, serviceCentreKind()], [OWNERS, ownerKind()]] as const) {
    const summary = await importFile(fx.db.pool, csv(file), kind as Parameters<typeof importFile>[2]);
    expect(summary.fatal).toBeFalsy();
    expect(summary.errors).toEqual([]);
  }
  const { rows } = await fx.db.pool.query<{ id: number; email: string }>(`SELECT id, email FROM contacts`);
  for (const r of rows) ids[r.email] = r.id;
  centre = (await fx.db.pool.query<{ id: number }>(`SELECT id FROM service_centres WHERE code = 'GZ-S1'`)).rows[0]!.id;
  await insertCampaign(fx.db.pool, 'sample-inspection', 'inspection');
  await insertCampaign(fx.db.pool, 'sample-leads', 'hot-lead-pack');
  await insertCampaign(fx.db.pool, 'xmas-copy', 'greetings', { occasion: 'christmas-new-year', gift: { description: '茶具', delivery: '快递' } });
});
afterAll(async () => fx?.close());

const piece = (campaignId: string, contactId: number, channel: 'email' | 'post', step: string, template: string, data?: Record<string, unknown>): PieceRequest => ({
  idempotencyKey: deliveryKey(campaignId, contactId, step, channel),
  campaignId,
  contactId,
  step,
  template,
  data,
});

async function emailTo(address: string) {
  const messages = (await fx.smtp.messages()).filter((m) => m.to.includes(address));
  const m = messages.at(-1)!;
  return { subject: m.parsed.subject ?? '', text: m.parsed.text ?? '', html: typeof m.parsed.html === 'string' ? m.parsed.html : '' };
}

async function letter(prefix: string): Promise<Buffer> {
  const name = (await readdir(fx.letterShopDir)).filter((f) => f.startsWith(prefix) && f.endsWith('.pdf')).sort().at(-1)!;
  return readFile(join(fx.letterShopDir, name));
}

describe('copy from imported data', () => {
  it('offers the inspection with the display name by kind, the centre named and addressed in Chinese, the time in 24 hours', async () => {
    const id = ids['liu.yang@example.cn']!;
    await insertSlot(fx.db.pool, centre, daysAhead(3, '07:00'), 4);
    const card = await fx.activities.issueReplyCard('sample-inspection', id);
    const sent = await fx.activities.sendEmailPiece(piece('sample-inspection', id, 'email', 'offer', 'inspection-offer', { bookingCode: card.responseCode }));
    expect(sent, sent.reason).toMatchObject({ status: 'sent' });
    const email = await emailTo('liu.yang@example.cn');
    expect(email.subject).toBe('免费检测：请预约您的检测时间');
    for (const part of [email.subject, email.text, email.html]) expect(part).not.toContain('sample-inspection');
    const text = unwrap(email.text);
    expect(text).toContain('轿车 L');
    expect(text).not.toContain('Sedan L');
    expect(text).toContain('广州天河服务中心（广州天河区黄埔大道88号');
    expect(text).toContain(' 15:00，');
    expect(text).toContain('免费检测。');
  });

  it('names the model and the centre in English for an English owner, with "3:00 pm"', async () => {
    const id = ids['emily.copy@example.com']!;
    const card = await fx.activities.issueReplyCard('sample-inspection', id);
    const sent = await fx.activities.sendEmailPiece(piece('sample-inspection', id, 'email', 'offer', 'inspection-offer', { bookingCode: card.responseCode }));
    expect(sent, sent.reason).toMatchObject({ status: 'sent' });
    const email = await emailTo('emily.copy@example.com');
    expect(email.subject).toBe('Free inspection check: book your time');
    const text = unwrap(email.text);
    expect(text).toContain('your Sedan L');
    expect(text).toContain('at 3:00 pm at Guangzhou Tianhe Service Centre, 广州天河区黄埔大道88号');
    for (const part of [email.text, email.html]) expect(part).not.toContain('sample-inspection');
  });

  it('uses the campaign definition display name when it has one', async () => {
    await fx.db.pool.query(`UPDATE campaigns SET display_names = '{"zh-CN": "冬季全车免费检测", "en": "Winter vehicle check"}' WHERE id = 'sample-inspection'`);
    const id = ids['liu.yang@example.cn']!;
    const sent = await fx.activities.sendEmailPiece(piece('sample-inspection', id, 'email', 'offer-2', 'inspection-offer', { bookingCode: 'INSP-TEST' }));
    expect(sent, sent.reason).toMatchObject({ status: 'sent' });
    expect((await emailTo('liu.yang@example.cn')).subject).toBe('冬季全车免费检测：请预约您的检测时间');
  });

  it('reads the names a campaign definition recorded in its params when the column has none', async () => {
    await insertCampaign(fx.db.pool, 'dec-2026', 'inspection', { names: { 'zh-CN': '十二月全车检测', en: 'December vehicle check' } });
    const id = ids['emily.copy@example.com']!;
    const card = await fx.activities.issueReplyCard('dec-2026', id);
    const sent = await fx.activities.sendEmailPiece(piece('dec-2026', id, 'email', 'offer', 'inspection-offer', { bookingCode: card.responseCode }));
    expect(sent, sent.reason).toMatchObject({ status: 'sent' });
    const email = await emailTo('emily.copy@example.com');
    expect(email.subject).toBe('December vehicle check: book your time');
    for (const part of [email.subject, email.text, email.html]) expect(part).not.toContain('dec-2026');
  });

  it('lists the dealers in the pack each in its own script, with no empty distance column, in the e-mail and the letter', async () => {
    const id = ids['liu.yang@example.cn']!;
    const card = await fx.activities.issueReplyCard('sample-leads', id);
    const sent = await fx.activities.sendEmailPiece(piece('sample-leads', id, 'email', 'pack', 'hot-lead-pack', { replyCard: card }));
    expect(sent, sent.reason).toMatchObject({ status: 'sent' });
    const email = await emailTo('liu.yang@example.cn');
    for (const part of [unwrap(email.text), plain(email.html)]) {
      expect(part).not.toContain('Guangzhou1');
      expect(part).toContain('1 Tianhe Road, Tianhe District, Guangzhou 510620');
      expect(part).toContain('广州天河汽车销售服务有限公司');
      expect(part).toContain('广州天河区天河北路20号（邮编 510620）');
      expect(part).not.toContain('sample-leads');
      expect(part).toContain('新车资讯');
    }
    const posted = await fx.activities.sendLetterPiece(piece('sample-leads', id, 'post', 'pack', 'hot-lead-pack', { replyCard: card }));
    expect(posted, posted.reason).toMatchObject({ status: 'sent' });
    const pdf = await letter(`sample-leads-pack-${id}-`);
    const pages = await readPdf(pdf);
    const text = pages.map((p) => plain(p.text)).join('\n');
    expect(text).not.toContain('sample-leads');
    expect(text).not.toContain('距离');
    expect(text).toContain('Tianhe Road');
    // The window: postcode first, the address from the city down, then the name with 收.
    const first = pages[0]!.items.map((i) => i.str.trim());
    expect(first).toContain('510620');
    expect(first).toContain('广州市天河区体育西路10号');
    expect(first).toContain('刘洋 收');
    for (const font of await readPdfFonts(pdf)) expect(font.embedded, font.name).toBe(true);
  });

  it('greets the owner with the car named as the catalogue names it in their language', async () => {
    let cursor = 0;
    for (;;) {
      const r = await sendGreetingsPage(fx.deps, { campaignId: 'xmas-copy', occasion: 'christmas-new-year', step: 'g', afterContactId: cursor, pageSize: 50, ratePerSecond: 0 });
      if (r.lastContactId === null) break;
      expect(r.failed).toBe(0);
      cursor = r.lastContactId;
    }
    const zh = await emailTo('liu.yang@example.cn');
    expect(unwrap(zh.text)).toContain('感谢您与轿车 L同行');
    expect(zh.text).toContain('圣诞新年问候');
    const en = await emailTo('emily.copy@example.com');
    expect(unwrap(en.text)).toContain('your Sedan L');
    expect(en.text).toContain('Christmas and New Year greetings');
    for (const part of [zh.text, zh.html, en.text, en.html]) expect(part).not.toContain('xmas-copy');
  });
});

describe('network addresses per language', () => {
  it('prints the address in the contact language when the network file gives one in each', async () => {
    const file = 'code,name,name en,address,address en,postcode,city,city en,phone\n' + 'SZ-01,深圳南山汽车,Shenzhen Nanshan Motors,南山区深南大道 9 号,"9 Shennan Avenue, Nanshan",518000,深圳,Shenzhen,0755-86001234\n';
    const summary = await importFile(fx.db.pool, csv(file), dealerKind() as Parameters<typeof importFile>[2]);
    expect(summary.errors).toEqual([]);
    const { rows } = await fx.db.pool.query(`SELECT addresses, cities FROM dealers WHERE code = 'SZ-01'`);
    expect(rows[0]).toEqual({ addresses: { 'zh-CN': '南山区深南大道 9 号', en: '9 Shennan Avenue, Nanshan' }, cities: { 'zh-CN': '深圳', en: 'Shenzhen' } });
    const contact = { postcode: '518000', city: '深圳', sample: false };
    for (const [language, email, expected] of [
      ['zh-CN', 'sz.zh@example.cn', '深圳南山汽车：深圳南山区深南大道9号（邮编 518000）'],
      ['en', 'sz.en@example.com', 'Shenzhen Nanshan Motors, 9 Shennan Avenue, Nanshan, Shenzhen 518000'],
    ] as const) {
      const { rows: inserted } = await fx.db.pool.query<{ id: number }>(
        `INSERT INTO contacts (name, email, language, time_zone, postcode, city, stage, heat, consent_email, sample)
         VALUES ($1, $2, $3, 'Asia/Shanghai', $4, $5, 'prospect', 'high', true, $6) RETURNING id`,
        [language === 'en' ? 'Tom Lee' : '李涛', email, language, contact.postcode, contact.city, contact.sample],
      );
      const id = inserted[0]!.id;
      const card = await fx.activities.issueReplyCard('sample-leads', id);
      const sent = await fx.activities.sendEmailPiece(piece('sample-leads', id, 'email', 'pack', 'hot-lead-pack', { replyCard: card }));
      expect(sent, sent.reason).toMatchObject({ status: 'sent' });
      const message = await emailTo(email);
      expect(plain(message.html).replace(/<[^>]+>/g, '')).toContain(expected);
    }
  });
});
