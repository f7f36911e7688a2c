/**
 * The reply card's page in a real browser, reached by the QR code's link in each hot lead's own
 * pack: the printed card's questions in the prospect's language, one reply taken once and routed
 * by the follow-up (a call with the phone and best time written, a test drive), heat re-scored,
 * and a reply after the lead was closed recorded as late and not acted on. Screenshots in
 * .screenshots/customer-reply/.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLeadRouting } from '../../client/start.js';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { startTestEngine, type TestEngine } from '../helpers/engine.js';
import { insertContact, insertReferenceData } from '../helpers/seed.js';
import { until } from '../helpers/until.js';
import { linksTo } from './customer-links.js';

let engine: TestEngine;
let browser: Browser;

beforeAll(async () => {
  [engine, browser] = await Promise.all([startTestEngine(), launchBrowser()]);
  await insertReferenceData(engine.db.pool);
});
afterAll(async () => {
  await browser?.close();
  await engine?.close();
});

const hotLead = (email: string, language: 'zh-CN' | 'en', name: string) =>
  insertContact(engine.db.pool, { email, language, name, stage: 'prospect', heat: 'high', consentPost: false, screening: { purchaseTimeframe: '1年内' } });

/** The reply link in the pack e-mailed to this lead, once it has arrived. */
const replyLink = async (email: string): Promise<string> => (await until(() => linksTo(engine, email, '/r/'), (l) => l.length > 0, `the pack to ${email}`))[0]!;

const stagesOf = async (campaignId: string, contactId: number) =>
  (await engine.db.pool.query<{ stage: string }>(`SELECT stage FROM campaign_contact_stages WHERE campaign_id = $1 AND contact_id = $2 ORDER BY reached_at, stage`, [campaignId, contactId])).rows.map((r) => r.stage);

describe('the reply card page', () => {
  it('asks what the printed card asks, in each language, and routes one reply once; a late one is kept, not acted on', async () => {
    const zh = await hotLead('reply-zh@example.cn', 'zh-CN', '王伟');
    const en = await hotLead('reply-en@example.com', 'en', 'Emma Clark');
    const late = await hotLead('reply-late@example.com', 'en', 'Noah Lee');
    await engine.withWorker(async () => {
      await startLeadRouting(engine.client, 'spring-web', [zh, en, late]);
      const page = await browser.newPage();

      // Chinese: "please call me", with a phone and the best time; the call task carries both.
      await page.goto(await replyLink('reply-zh@example.cn'));
      expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
      for (const label of ['我想预约试驾', '请寄给我更多资料', '请致电给我', '暂无购车意向', '联系电话', '方便接听电话的时间', '您计划何时购车？']) {
        expect(await page.getByLabel(label, { exact: true }).count()).toBe(1);
      }
      await screenshot(page, 'customer-reply', 'reply-zh-CN');
      await page.getByLabel('请致电给我').check();
      await page.getByLabel('联系电话').fill('139 1234 5678');
      await page.getByLabel('方便接听电话的时间').fill('工作日晚上');
      await page.getByLabel('您计划何时购车？').selectOption('3个月内');
      await page.getByRole('button', { name: '提交' }).click();
      expect(await page.locator('.notice').textContent()).toBe('谢谢，我们已收到您的回复。');
      await screenshot(page, 'customer-reply', 'reply-zh-CN-thanks');
      const task = await until(async () => engine.calls.tasks().filter((t) => t.contactId === zh), (t) => t.length === 1, 'the call task');
      expect(task[0]).toMatchObject({ purpose: 'reply-follow-up', notes: 'Asked on the reply card to be called. Phone given on the card: 139 1234 5678. Best time to call: 工作日晚上.' });

      // English: a test drive; sending the card again takes nothing a second time.
      const enLink = await replyLink('reply-en@example.com');
      await page.goto(enLink);
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      await screenshot(page, 'customer-reply', 'reply-en');
      await page.getByLabel('I would like a test drive').check();
      await page.getByRole('button', { name: 'Send' }).click();
      expect(await page.locator('main').textContent()).toContain('Our customer centre will call you to book your test drive with the nearest dealer.');
      await screenshot(page, 'customer-reply', 'reply-en-thanks');
      const again = await fetch(enLink, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'answer=not-interested' });
      expect(await again.text()).toContain('Thank you; this card was already answered.');
      await until(async () => engine.calls.tasks().filter((t) => t.contactId === en), (t) => t.length === 1, 'the test-drive call');
      await until(() => stagesOf('spring-web', en), (s) => s.includes('appointment'), 'the appointment');

      // No reply within the window: the call centre reaches the lead and books an appointment.
      // The card answered afterwards is kept for the team and closes nothing.
      const lateLink = await replyLink('reply-late@example.com');
      await engine.env.sleep('15 days');
      await until(() => stagesOf('spring-web', late), (s) => s.includes('appointment'), 'the appointment by phone');
      await page.goto(lateLink);
      await page.getByLabel('Not interested at the moment').check();
      await page.getByLabel('If not interested: may we ask why?').fill('bought another brand');
      await page.getByRole('button', { name: 'Send' }).click();
      expect(await page.locator('.notice').textContent()).toBe('Thank you, we have your answer. The reply period of this card has ended, so a member of our team will read it and contact you if needed.');
      await screenshot(page, 'customer-reply', 'reply-en-late');
      await page.close();
    });

    const replies = await engine.db.pool.query(`SELECT contact_id, channel, answers->>'phone' AS phone FROM reply_cards WHERE replied_at IS NOT NULL ORDER BY contact_id`);
    expect(replies.rows).toEqual([
      { contact_id: zh, channel: 'qr', phone: '139 1234 5678' },
      { contact_id: en, channel: 'qr', phone: null },
    ]);
    const heat = await engine.db.pool.query(`SELECT screening->>'purchaseTimeframe' AS tf FROM contacts WHERE id = $1`, [zh]);
    expect(heat.rows[0]).toEqual({ tf: '3个月内' });
    expect(await stagesOf('spring-web', late)).not.toContain('lost');
    const lateRows = await engine.db.pool.query(`SELECT page, answers->>'reason' AS reason, why_late FROM late_answers WHERE contact_id = $1`, [late]);
    expect(lateRows.rows).toEqual([{ page: 'reply', reason: 'bought another brand', why_late: 'the lead was already closed (appointment)' }]);
  });
});
