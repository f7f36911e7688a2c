/**
 * The data-entry screen in a real browser: reply cards keyed by keyboard alone, code first,
 * through the same client function as `campaign reply`; a card keyed twice is taken once.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { registerSearchAttributes } from '../../worker/search-attributes.js';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { freshDatabase, type TestDatabase } from '../helpers/postgres.js';
import { insertCampaign, insertContact } from '../helpers/seed.js';
import { startTimeSkippingServer } from '../helpers/temporal.js';
import { addTestUser, loginPage, startConsole, type RunningConsole } from './console-app.js';

let env: TestWorkflowEnvironment;
let db: TestDatabase;
let app: RunningConsole;
let browser: Browser;
const taskQueue = `console-replies-${process.pid}`;

beforeAll(async () => {
  [env, db, browser] = await Promise.all([startTimeSkippingServer(), freshDatabase(), launchBrowser()]);
  await registerSearchAttributes(env.client.connection, env.namespace ?? 'default');
  app = await startConsole(db.pool, { temporal: env.client, taskQueue });
  await addTestUser(db.pool, 'data-entry', 'zhang.entry@example.com', 'Zhang Entry');
  await addTestUser(db.pool, 'operations', 'wang.ops@example.com', 'Wang Ops');
  await insertCampaign(db.pool, 'spring-web', 'leads');
  const codes = ['AB12-CD34-EF56-GH78', 'ZZ99-YY88-XX77-WW66'];
  for (const code of codes) {
    const contact = await insertContact(db.pool, { stage: 'prospect', heat: 'low' });
    await db.pool.query(`INSERT INTO reply_cards (campaign_id, contact_id, response_code) VALUES ('spring-web', $1, $2)`, [contact, code]);
  }
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await Promise.all([env?.teardown(), db?.close()]);
});

describe('console reply cards', () => {
  it('keys cards by keyboard, code first, lists them, and takes a card keyed twice once', async () => {
    const page = await loginPage(browser, app.url, 'zhang.entry@example.com');
    expect(page.url()).toBe(`${app.url}/reply-cards`);
    const codeField = page.getByLabel('Code on the card');
    await codeField.waitFor();
    const focused = () => page.evaluate<string | undefined>("document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.className");
    expect(await focused()).toBe('code');

    // Card one: a test drive, with the card's timeframe, typed in lower case.
    await page.keyboard.type('ab12-cd34-ef56-gh78');
    await page.keyboard.press('Enter');
    await page.keyboard.press('1');
    await page.keyboard.type('3个月内');
    await page.keyboard.press('Enter');
    const rows = page.getByRole('table', { name: 'keyed this session' }).locator('tbody tr');
    await rows.first().getByText('recorded: test-drive').waitFor();
    expect(await focused()).toBe('code');

    // Card two: not interested, with why; then card one keyed again; then a code nobody has.
    await page.keyboard.type('ZZ99-YY88-XX77-WW66\n3too expensive\n');
    await rows.nth(1).waitFor();
    await page.keyboard.type('AB12-CD34-EF56-GH78\n2\n');
    await rows.nth(2).waitFor();
    await page.keyboard.type('NOPE-NOPE-NOPE-NOPE\n1\n');
    await rows.nth(3).waitFor();
    const results = await rows.locator('td:nth-child(4)').allTextContents();
    expect(results).toEqual(['code: unknown or invalid code', 'not taken: this card was already answered', 'recorded: not-interested', expect.stringMatching(/^recorded: test-drive; heat now high/)]);
    expect(await rows.first().locator('td').first().textContent()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} Asia\/Shanghai$/);
    await screenshot(page, 'console', 'reply-cards-keyed');

    const { rows: cards } = await db.pool.query(`SELECT response_code, answers, channel FROM reply_cards WHERE replied_at IS NOT NULL ORDER BY response_code`);
    expect(cards).toEqual([
      { response_code: 'AB12-CD34-EF56-GH78', answers: expect.objectContaining({ wantsTestDrive: true, purchaseTimeframe: '3个月内' }), channel: 'data-entry' },
      { response_code: 'ZZ99-YY88-XX77-WW66', answers: expect.objectContaining({ notInterested: true, reason: 'too expensive' }), channel: 'data-entry' },
    ]);
    const { rows: audited } = await db.pool.query(`SELECT subject, detail->>'accepted' AS accepted FROM console_audit WHERE action = 'reply' ORDER BY id`);
    expect(audited.map((r) => `${r.subject} ${r.accepted}`)).toEqual(['AB12-CD34-EF56-GH78 true', 'ZZ99-YY88-XX77-WW66 true', 'AB12-CD34-EF56-GH78 false']);

    // The session's record survives a reload.
    await page.reload();
    await rows.nth(3).waitFor();
    await page.context().close();

    const ops = await loginPage(browser, app.url, 'wang.ops@example.com');
    expect((await ops.goto(`${app.url}/reply-cards`))?.status()).toBe(403);
    await ops.context().close();
  });
});
