/**
 * The pages behind a greeting e-mail, in a real browser: a gold owner's own trip RSVP with the
 * number of guests, "view in browser", and the preference page behind the unsubscribe link (with
 * RFC 8058's one-click POST still working), in Chinese and in English. Screenshots in
 * .screenshots/customer-greetings/.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGreetings, type GreetingsDetails } from '../../client/start.js';
import { broadcastWorkflowId } from '../../lib/temporal-names.js';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { startTestEngine, type TestEngine } from '../helpers/engine.js';
import { insertContact } from '../helpers/seed.js';
import { linksTo } from './customer-links.js';

let engine: TestEngine;
let browser: Browser;
const trip = (rsvpBy: string): GreetingsDetails => ({ trip: { destination: '海南 Hainan', startsOn: '2099-03-10', endsOn: '2099-03-14', rsvpUrl: 'https://example.com/not-used', rsvpBy } });

beforeAll(async () => {
  [engine, browser] = await Promise.all([startTestEngine(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await engine?.close();
});

async function greet(campaignId: string, details: GreetingsDetails, owners: number[]): Promise<void> {
  await engine.withWorker(async () => {
    await startGreetings(engine.client, { campaignId, occasion: 'christmas-new-year', step: campaignId, pageSize: 10 }, details);
    await engine.client.temporal.workflow.getHandle(broadcastWorkflowId('greetings', campaignId)).result();
  });
  expect(owners.length).toBeGreaterThan(0);
}

const gold = (email: string, language: 'zh-CN' | 'en', name: string) => insertContact(engine.db.pool, { email, language, name, tier: 'gold', consentPost: false });

describe('the pages behind a greeting', () => {
  it("takes each gold owner's RSVP with guests on their own page, once, in their language", async () => {
    const zh = await gold('rsvp-zh@example.cn', 'zh-CN', '王伟');
    const en = await gold('rsvp-en@example.com', 'en', 'Emma Clark');
    await greet('xmas-rsvp', trip('2099-02-01'), [zh, en]);
    const [zhLink] = await linksTo(engine, 'rsvp-zh@example.cn', '/rsvp/');
    const [enLink] = await linksTo(engine, 'rsvp-en@example.com', '/rsvp/');
    expect(zhLink).toBeDefined();
    expect(enLink).not.toBe(zhLink);

    const page = await browser.newPage();
    await page.goto(zhLink!);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await expect(page.locator('h1').textContent()).resolves.toBe('车主之旅');
    await screenshot(page, 'customer-greetings', 'rsvp-zh-CN');
    await page.getByLabel('会，我将参加').check();
    await page.getByLabel(/随行人数/).selectOption('2');
    await page.getByRole('button', { name: '提交' }).click();
    await expect(page.locator('.notice').textContent()).resolves.toBe('谢谢！期待与您及 2 位随行人员相见。');
    await screenshot(page, 'customer-greetings', 'rsvp-zh-CN-answered');
    // The same answer again (a double submit) changes nothing.
    await page.goBack();
    await page.getByRole('button', { name: '提交' }).click();

    await page.goto(enLink!);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.getByLabel('No, I cannot come this time').check();
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(page.locator('.notice').textContent()).resolves.toBe('Thank you for letting us know. We hope to see you another time.');
    await screenshot(page, 'customer-greetings', 'rsvp-en');
    await page.close();

    const { rows } = await engine.db.pool.query(`SELECT contact_id, attending, guests FROM trip_rsvps WHERE campaign_id = 'xmas-rsvp' ORDER BY contact_id`);
    expect(rows).toEqual([
      { contact_id: zh, attending: true, guests: 2 },
      { contact_id: en, attending: false, guests: 0 },
    ]);
  });

  it('records an RSVP after its answer date as late for the team, and books nobody on the trip', async () => {
    const late = await gold('rsvp-late@example.com', 'en', 'Noah Lee');
    await greet('xmas-rsvp-late', trip('2020-01-01'), [late]);
    const [link] = await linksTo(engine, 'rsvp-late@example.com', '/rsvp/');
    const page = await browser.newPage();
    await page.goto(link!);
    await page.getByLabel('Yes, I will come').check();
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(page.locator('.notice').textContent()).resolves.toBe('Thank you. The answer date has passed, so our team will contact you about the trip.');
    await page.close();
    expect((await engine.db.pool.query(`SELECT 1 FROM trip_rsvps WHERE contact_id = $1`, [late])).rowCount).toBe(0);
    const { rows } = await engine.db.pool.query(`SELECT page, answers, why_late FROM late_answers WHERE contact_id = $1`, [late]);
    expect(rows).toEqual([{ page: 'rsvp', answers: { attending: true, guests: 0 }, why_late: 'the answer date of the trip had passed' }]);
  });

  it('shows the e-mail as sent, and behind the unsubscribe link the choices of every channel; one click leaves e-mail', async () => {
    const zh = await gold('prefs-zh@example.cn', 'zh-CN', '李娜');
    const en = await insertContact(engine.db.pool, { email: 'prefs-en@example.com', language: 'en', name: 'Olivia Brown', tier: 'silver', consentPost: false });
    await greet('xmas-prefs', { gift: { description: 'a car care kit', delivery: 'by courier' }, ...trip('2099-02-01') }, [zh, en]);

    const page = await browser.newPage();
    for (const [email, lang, name] of [['prefs-zh@example.cn', 'zh-CN', '李娜'], ['prefs-en@example.com', 'en', 'Olivia Brown']] as const) {
      const [view] = await linksTo(engine, email, '/view/');
      const response = await page.goto(view!);
      expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
      expect(await page.locator('body').textContent()).toContain(name);
      await screenshot(page, 'customer-greetings', `view-in-browser-${lang}`);
    }

    const [zhPrefs] = await linksTo(engine, 'prefs-zh@example.cn', '/unsubscribe');
    const opened = await page.goto(zhPrefs!);
    expect([opened?.status(), zhPrefs]).toEqual([200, zhPrefs]);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    const text = await page.locator('main').textContent();
    expect(text).toContain('p•••@example.cn'); // who, masked
    expect(text).not.toContain('prefs-zh@example.cn');
    expect(text).toContain('邮寄信件'); // the other channels' choices
    expect(text).toContain('您尚未同意接收。');
    await screenshot(page, 'customer-greetings', 'preferences-zh-CN');
    await page.getByRole('button', { name: '不再接收电子邮件' }).click();
    await expect(page.locator('.notice').textContent()).resolves.toBe('已完成：您将不再收到我们的电子邮件。');
    await screenshot(page, 'customer-greetings', 'preferences-zh-CN-left');

    const [enPrefs] = await linksTo(engine, 'prefs-en@example.com', '/unsubscribe');
    await page.goto(enPrefs!);
    await screenshot(page, 'customer-greetings', 'preferences-en');
    await page.close();
    // A mail client's one-click unsubscribe (RFC 8058), twice: one suppression.
    for (let i = 0; i < 2; i++) {
      const oneClick = await fetch(enPrefs!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
      expect(oneClick.status).toBe(200);
    }
    const { rows } = await engine.db.pool.query(`SELECT contact_id, channel, reason FROM suppressions WHERE contact_id = ANY($1) ORDER BY contact_id`, [[zh, en]]);
    expect(rows).toEqual([
      { contact_id: zh, channel: 'email', reason: 'unsubscribe' },
      { contact_id: en, channel: 'email', reason: 'unsubscribe' },
    ]);
    const history = await engine.db.pool.query(`SELECT how, actor FROM consent_history WHERE contact_id = $1`, [zh]);
    expect(history.rows).toEqual([{ how: 'preference page', actor: 'the customer' }]);
  });

  it('refuses a token of one page on another, with the same page as any bad link', async () => {
    const [rsvp] = await linksTo(engine, 'rsvp-zh@example.cn', '/rsvp/');
    const [view] = await linksTo(engine, 'rsvp-zh@example.cn', '/view/');
    const rsvpToken = new URL(rsvp!).pathname.split('/')[2]!;
    const viewToken = new URL(view!).pathname.split('/')[2]!;
    const base = engine.api.url;
    const tries = [`${base}/view/${rsvpToken}`, `${base}/rsvp/${viewToken}`, `${base}/survey/${rsvpToken}`, `${base}/unsubscribe?token=${rsvpToken}`, `${base}/r/${rsvpToken}`];
    const answers = await Promise.all(tries.map((u) => fetch(u, { headers: { 'accept-language': 'en' } }).then(async (r) => [r.status, await r.text()] as const)));
    for (const [status, body] of answers) {
      expect(status).toBe(404);
      expect(body).toContain('This link is not valid or has expired.');
    }
    expect(new Set(answers.map(([, body]) => body)).size).toBe(1);
  });
});
