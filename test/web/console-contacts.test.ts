/**
 * Contact search and the one view of a customer, in a real browser, as a call-centre agent uses
 * it: by name, e-mail, phone or the code on their reply card, then what runs for them now.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startLeadRouting } from '../../client/start.js';
import { contactWorkflowId } from '../../lib/temporal-names.js';
import { registerSearchAttributes } from '../../worker/search-attributes.js';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { freshDatabase, type TestDatabase } from '../helpers/postgres.js';
import { insertContact } from '../helpers/seed.js';
import { startTimeSkippingServer } from '../helpers/temporal.js';
import { addTestUser, loginPage, startConsole, type RunningConsole } from './console-app.js';

let env: TestWorkflowEnvironment;
let db: TestDatabase;
let app: RunningConsole;
let browser: Browser;
let customer: number;
const taskQueue = `console-contacts-${process.pid}`;

beforeAll(async () => {
  [env, db, browser] = await Promise.all([startTimeSkippingServer(), freshDatabase(), launchBrowser()]);
  await registerSearchAttributes(env.client.connection, env.namespace ?? 'default');
  app = await startConsole(db.pool, { temporal: env.client, taskQueue });
  await addTestUser(db.pool, 'call-centre', 'chen.calls@example.com', 'Chen Calls');
  await addTestUser(db.pool, 'data-entry', 'zhang.entry@example.com', 'Zhang Entry');
  customer = await insertContact(db.pool, { stage: 'prospect', heat: 'high', name: 'Emily Chen', language: 'en', email: 'emily.chen@example.com', phone: '+8613812345678' });
  await insertContact(db.pool, { name: 'Emma Stone', email: 'emma@example.com' });
  await db.pool.query(`INSERT INTO suppressions (channel, contact_id, reason) VALUES ('phone', $1, 'do-not-contact')`, [customer]);
  await db.pool.query(
    `INSERT INTO deliveries (idempotency_key, campaign_id, contact_id, step, channel, status, reason, attempts, updated_at, created_at)
     VALUES ('spring/contact/pack/email', 'spring', $1, 'pack', 'email', 'failed', '550 mailbox unavailable', 3, '2026-12-03T16:01:00Z', '2026-12-03T16:01:00Z')`,
    [customer],
  );
  await db.pool.query(`INSERT INTO reply_cards (campaign_id, contact_id, response_code) VALUES ('spring', $1, 'CARD-7788AB')`, [customer]);
  // A lead campaign started for them (no worker: it is open, as a real one waits for weeks).
  await startLeadRouting({ temporal: env.client, pool: db.pool, taskQueue }, 'autumn', [customer], {
    replyWindow: '14 days',
    callingHours: { start: '08:30', end: '21:00' },
    callAttempts: 3,
    outcomeGrace: '2 hours',
  });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await Promise.all([env?.teardown(), db?.close()]);
});

describe('console contacts', () => {
  it('finds a customer by name, e-mail, phone and code, and shows everything about them with what runs now', async () => {
    const page = await loginPage(browser, app.url, 'chen.calls@example.com');
    expect(page.url()).toBe(`${app.url}/contacts`);
    const search = async (q: string): Promise<string[]> => {
      await page.getByLabel('Name, e-mail, phone, contact id or code').fill(q);
      await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForLoadState('domcontentloaded');
      return page.locator('table.list tbody tr td:nth-child(2)').allTextContents();
    };
    expect(await search('em')).toEqual(['Emily Chen', 'Emma Stone']);
    await screenshot(page, 'console', 'contacts-search');
    expect(await search('EMILY.CHEN@example.com')).toEqual(['Emily Chen']);
    expect(await search('138 1234 5678')).toEqual(['Emily Chen']);
    expect(await search('CARD-7788AB')).toEqual(['Emily Chen']);
    expect(await page.locator('main p.muted').first().textContent()).toBe('1 found, read as code.');
    expect(await search('Nobody Here')).toEqual([]);
    expect(await page.getByRole('status').textContent()).toContain("Nobody on file matches 'Nobody Here'");

    await search('emily');
    await page.getByRole('link', { name: 'Emily Chen' }).click();
    expect(await page.locator('h1').textContent()).toBe(`Emily Chen (contact ${customer})`);
    expect(await page.locator('dl.record').textContent()).toContain('phone: no (suppressed: do-not-contact)');
    const running = await page.getByRole('table', { name: 'running now' }).textContent();
    expect(running).toContain(contactWorkflowId('lead-routing', 'autumn', customer));
    // The piece in the customer's own zone, named.
    expect(await page.locator('table.list', { hasText: '550 mailbox unavailable' }).textContent()).toContain('2026-12-04 00:01 Asia/Shanghai');
    await screenshot(page, 'console', 'contact-view');
    await page.context().close();
  });

  it('refuses data entry, and a search that is no search', async () => {
    const page = await loginPage(browser, app.url, 'zhang.entry@example.com');
    expect((await page.goto(`${app.url}/contacts?q=emily`))?.status()).toBe(403);
    await page.context().close();
    const agent = await loginPage(browser, app.url, 'chen.calls@example.com');
    expect((await agent.goto(`${app.url}/contacts/abc`))?.status()).toBe(400);
    expect(await agent.locator('.message').textContent()).toContain('id:');
    await agent.context().close();
  });
});
