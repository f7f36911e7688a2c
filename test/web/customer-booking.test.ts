/**
 * The inspection pages in a real browser, reached by the links in the owners' own e-mails: the
 * offered centre's free slots booked at once through the workflow's update, a slot taken in
 * between said so with the next ones offered, a booking changed and cancelled, the survey after
 * the visit, a booking after the offer ended kept for the team. Chinese and English; screenshots
 * in .screenshots/customer-booking/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookInspection, recordAttendance } from '../../client/respond.js';
import { startInspection } from '../../client/start.js';
import { contactWorkflowId } from '../../lib/temporal-names.js';
import { inspectionStatusQuery } from '../../workflows/inspection.js';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { startTestEngine, type TestEngine } from '../helpers/engine.js';
import { insertOwner, insertServiceCentre, insertSlot } from '../helpers/seed.js';
import { until } from '../helpers/until.js';
import { linksTo } from './customer-links.js';

let engine: TestEngine;
let browser: Browser;
const DAY = 86_400_000;
const OPTIONS = { offerPeriod: '30 days', reminderBefore: '1 day', followUpAfter: '1 day' } as const;

beforeAll(async () => {
  [engine, browser] = await Promise.all([startTestEngine(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await engine?.close();
});

const owner = (email: string, language: 'zh-CN' | 'en', name: string) =>
  insertOwner(engine.db.pool, { email, language, name, consentPost: false, timeZone: 'Asia/Shanghai' }, 'SUV X', '2024-05-01');

async function offered(campaignId: string, ids: number[]): Promise<void> {
  await startInspection(engine.client, campaignId, ids, OPTIONS);
  for (const id of ids) {
    const handle = engine.realtime.workflow.getHandle(contactWorkflowId('inspection', campaignId, id));
    await until(() => handle.query(inspectionStatusQuery), (s) => s.stage === 'sent', `the offer to ${id}`);
  }
}

const liveBookings = async (contactId: number) =>
  (await engine.db.pool.query<{ slot_id: number }>(`SELECT slot_id FROM inspection_bookings WHERE contact_id = $1 AND status = 'booked'`, [contactId])).rows;

const notice = (page: Page) => page.locator('.notice').textContent();

describe('inspection booking and survey pages', () => {
  it('books, says when a slot was taken meanwhile, changes and cancels, then surveys the visit; in both languages', async () => {
    const now = await engine.env.currentTimeMs();
    const centre = await insertServiceCentre(engine.db.pool, '上海浦东服务中心', '上海', '200120');
    const at = (days: number) => new Date(now + days * DAY + 2 * 3600_000).toISOString();
    const [last, s2, s3] = [await insertSlot(engine.db.pool, centre, at(10), 1), await insertSlot(engine.db.pool, centre, at(11), 3), await insertSlot(engine.db.pool, centre, at(12), 3)];
    const zh = await owner('book-zh@example.cn', 'zh-CN', '王伟');
    const en = await owner('book-en@example.com', 'en', 'Emma Clark');
    const rival = await owner('book-rival@example.cn', 'zh-CN', '张强');

    await engine.withWorker(async () => {
      await offered('dec-web', [zh, en, rival]);
      const [zhLink] = await linksTo(engine, 'book-zh@example.cn', '/book/');
      const [enLink] = await linksTo(engine, 'book-en@example.com', '/book/');
      const page = await browser.newPage();

      // Chinese: the page lists the last place; another owner takes it before the owner sends.
      await page.goto(zhLink!);
      expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
      expect(await page.locator('main').textContent()).toContain('上海浦东服务中心');
      await screenshot(page, 'customer-booking', 'booking-zh-CN');
      const rivalCode = (await engine.activities.issueReplyCard('dec-web', rival)).responseCode;
      expect((await bookInspection(engine.realtime, engine.db.pool, rivalCode, last)).ok).toBe(true);
      await page.locator(`input[name=slot][value="${last}"]`).check();
      await page.getByRole('button', { name: '预约此时间' }).click();
      expect(await notice(page)).toBe('抱歉，该时间刚刚约满。请选择其他时间，下方为最近的空余时间。');
      expect(await page.locator(`input[name=slot][value="${last}"]`).count()).toBe(0);
      await screenshot(page, 'customer-booking', 'booking-zh-CN-taken');
      await page.locator(`input[name=slot][value="${s2}"]`).check();
      await page.getByRole('button', { name: '预约此时间' }).click();
      expect(await notice(page)).toBe('您已预约成功。');
      await screenshot(page, 'customer-booking', 'booking-zh-CN-booked');
      expect(await liveBookings(zh)).toEqual([{ slot_id: s2 }]);
      // Change to another time: still one booking, now at the new slot.
      await page.locator(`input[name=slot][value="${s3}"]`).check();
      await page.getByRole('button', { name: '改为此时间' }).click();
      expect(await notice(page)).toBe('您已预约成功。');
      expect(await liveBookings(zh)).toEqual([{ slot_id: s3 }]);

      // English: book, send again (a double submit), cancel, book again.
      await page.goto(enLink!);
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      await screenshot(page, 'customer-booking', 'booking-en');
      await page.locator(`input[name=slot][value="${s2}"]`).check();
      await page.getByRole('button', { name: 'Book this time' }).click();
      expect(await notice(page)).toBe('You are booked.');
      await screenshot(page, 'customer-booking', 'booking-en-booked');
      const again = await fetch(enLink!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `slot=${s2}` });
      expect(await again.text()).toContain('You are already booked at that time.');
      await page.getByRole('button', { name: 'Cancel my booking' }).click();
      expect(await notice(page)).toBe('Your booking is cancelled. The offer stays open: you can choose another time below.');
      expect(await liveBookings(en)).toEqual([]);
      await page.locator(`input[name=slot][value="${s2}"]`).check();
      await page.getByRole('button', { name: 'Book this time' }).click();
      expect(await liveBookings(en)).toEqual([{ slot_id: s2 }]);
      const { rows: seats } = await engine.db.pool.query(`SELECT id, booked FROM inspection_slots WHERE id = ANY($1) ORDER BY id`, [[last, s2, s3]]);
      expect(seats).toEqual([{ id: last, booked: 1 }, { id: s2, booked: 1 }, { id: s3, booked: 1 }]);

      // The confirmation's "change or cancel" link leads to the same booking page.
      await until(() => linksTo(engine, 'book-en@example.com', '/book/'), (links) => links.length >= 1, 'the confirmation');
      expect(new Set(await linksTo(engine, 'book-en@example.com', '/book/'))).toEqual(new Set([enLink]));

      // Both come; after the visit the thanks e-mail carries each one's own survey link.
      for (const id of [zh, en, rival]) {
        const { rows } = await engine.db.pool.query<{ id: number }>(`SELECT id FROM inspection_bookings WHERE contact_id = $1 AND status = 'booked'`, [id]);
        await recordAttendance(engine.db.pool, rows[0]!.id, 'came');
      }
      await engine.env.sleep('14 days');
      await until(() => linksTo(engine, 'book-en@example.com', '/survey/'), (links) => links.length === 1, 'the survey link');
      const [zhSurvey] = await until(() => linksTo(engine, 'book-zh@example.cn', '/survey/'), (links) => links.length === 1, 'the survey link');

      await page.goto(zhSurvey!);
      await screenshot(page, 'customer-booking', 'survey-zh-CN');
      await page.getByLabel('非常满意').check();
      await page.getByLabel('会', { exact: true }).check();
      await page.getByLabel('还有什么想告诉我们的吗？').fill('服务很周到');
      await page.getByRole('button', { name: '提交' }).click();
      expect(await notice(page)).toBe('感谢您的回答。');
      // Sent again (a double submit, or a second thought): the first answer stands.
      const surveyAgain = await fetch(zhSurvey!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'satisfaction=4' });
      expect(await surveyAgain.text()).toContain('谢谢，我们已收到您对本次到店的回答。');
      await page.goto(zhSurvey!);
      expect(await notice(page)).toBe('谢谢，我们已收到您对本次到店的回答。');

      const [enSurvey] = await linksTo(engine, 'book-en@example.com', '/survey/');
      await page.goto(enSurvey!);
      await screenshot(page, 'customer-booking', 'survey-en');
      await page.getByLabel('Neither').check();
      await page.getByRole('button', { name: 'Send' }).click();
      expect(await notice(page)).toBe('Thank you for your answers.');
      await page.close();
    });
    const { rows } = await engine.db.pool.query(`SELECT contact_id, service_centre_id, satisfaction, would_recommend, comment FROM inspection_surveys ORDER BY contact_id`);
    expect(rows).toEqual([
      { contact_id: zh, service_centre_id: centre, satisfaction: 5, would_recommend: true, comment: '服务很周到' },
      { contact_id: en, service_centre_id: centre, satisfaction: 3, would_recommend: null, comment: null },
    ]);
  });

  it('refuses a booking code on the reply page and keeps a booking after the offer ended for the team', async () => {
    const now = await engine.env.currentTimeMs();
    const centre = await insertServiceCentre(engine.db.pool, '北京朝阳服务中心', '北京', '100020');
    const slot = await insertSlot(engine.db.pool, centre, new Date(now + 40 * DAY).toISOString(), 2);
    const late = await owner('book-late@example.com', 'en', 'Noah Lee');
    await engine.withWorker(async () => {
      await offered('dec-late', [late]);
      await engine.realtime.workflow.getHandle(contactWorkflowId('inspection', 'dec-late', late)).terminate('offer period over');
    });
    const [link] = await linksTo(engine, 'book-late@example.com', '/book/');
    const code = new URL(link!).pathname.split('/')[2]!;
    // The booking code used on the reply card's page: the same "not found" as any bad code.
    const asReply = await fetch(`${engine.api.url}/r/${code}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' }, body: 'answer=test-drive' });
    expect(asReply.status).toBe(404);
    expect(await asReply.text()).toContain('This link is not valid or has expired.');

    const page = await browser.newPage();
    await page.goto(link!);
    expect(await notice(page)).toContain('The booking period of this offer has ended.');
    await screenshot(page, 'customer-booking', 'booking-en-ended');
    await page.close();
    const posted = await fetch(link!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `slot=${slot}` });
    expect(await posted.text()).toContain('The booking period of this offer has ended.');
    expect(await liveBookings(late)).toEqual([]);
    const { rows } = await engine.db.pool.query(`SELECT page, answers FROM late_answers WHERE contact_id = $1`, [late]);
    expect(rows).toEqual([{ page: 'booking', answers: { slotId: slot } }]);
    expect((await engine.db.pool.query(`SELECT 1 FROM reply_cards WHERE contact_id = $1 AND replied_at IS NOT NULL`, [late])).rowCount).toBe(0);
  });
});
