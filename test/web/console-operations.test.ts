/**
 * Schedules (next runs, pause with a note), inspection slots per centre with their bookings, and
 * an import uploaded from the browser (progress, summary, error report), each in a real browser.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createSeasonalSchedule } from '../../client/seasonal-schedules.js';
import { testConfig } from '../../lib/config.js';
import { registerSearchAttributes } from '../../worker/search-attributes.js';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { freshDatabase, type TestDatabase } from '../helpers/postgres.js';
import { daysAhead, insertContact, insertServiceCentre, insertSlot } from '../helpers/seed.js';
import { startTimeSkippingServer } from '../helpers/temporal.js';
import { addTestUser, loginPage, startConsole, type RunningConsole } from './console-app.js';

let env: TestWorkflowEnvironment;
let db: TestDatabase;
let app: RunningConsole;
let browser: Browser;
let outputDir: string;
const taskQueue = `console-ops-${process.pid}`;

beforeAll(async () => {
  [env, db, browser] = await Promise.all([startTimeSkippingServer(), freshDatabase(), launchBrowser()]);
  outputDir = await mkdtemp(join(tmpdir(), 'ce-console-files-'));
  await registerSearchAttributes(env.client.connection, env.namespace ?? 'default');
  app = await startConsole(db.pool, { temporal: env.client, taskQueue, config: testConfig({ DISPLAY_TIME_ZONE: 'Asia/Shanghai', OUTPUT_DIR: outputDir }) });
  await addTestUser(db.pool, 'operations', 'wang.ops@example.com', 'Wang Ops');
  await addTestUser(db.pool, 'data-entry', 'zhang.entry@example.com', 'Zhang Entry');
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await Promise.all([env?.teardown(), db?.close()]);
  await rm(outputDir, { recursive: true, force: true });
});

describe('console schedules and slots', () => {
  it('lists schedules with their next runs and pauses one with a note', async () => {
    await createSeasonalSchedule(env.client, { preset: 'year-end-greetings', timeZone: 'Asia/Shanghai', taskQueue });
    const page = await loginPage(browser, app.url, 'wang.ops@example.com');
    await page.goto(`${app.url}/schedules`);
    const row = page.getByRole('table', { name: 'schedules' }).locator('tbody tr', { hasText: 'year-end-greetings' });
    expect(await row.textContent()).toMatch(/active.*\d{4}-12-20 09:00 Asia\/Shanghai/s);
    await row.getByLabel('Note for year-end-greetings').fill('new artwork');
    await row.getByRole('button', { name: 'Pause' }).click();
    expect(await page.locator('.flash').textContent()).toBe('Paused year-end-greetings.');
    expect(await page.getByRole('table', { name: 'schedules' }).textContent()).toContain('paused new artwork (Wang Ops, console)');
    const described = await env.client.schedule.getHandle('year-end-greetings').describe();
    expect(described.state).toMatchObject({ paused: true, note: 'new artwork (Wang Ops, console)' });
    await screenshot(page, 'console', 'schedules');
    await page.context().close();
  });

  it('shows a centre’s slots in its own time with who booked them, and closes one', async () => {
    const centre = await insertServiceCentre(db.pool, 'Pudong Service Centre', 'Shanghai', '200120');
    const slot = await insertSlot(db.pool, centre, daysAhead(3, '01:00'), 4);
    await insertSlot(db.pool, centre, daysAhead(3, '06:00'), 4);
    const owner = await insertContact(db.pool, { name: 'Li Na', phone: '+8613900001111' });
    await db.pool.query(`INSERT INTO inspection_bookings (slot_id, campaign_id, contact_id) VALUES ($1, 'dec-2026', $2)`, [slot, owner]);
    await db.pool.query(`UPDATE inspection_slots SET booked = 1 WHERE id = $1`, [slot]);
    const page = await loginPage(browser, app.url, 'wang.ops@example.com');
    await page.goto(`${app.url}/slots?centre=${centre}`);
    const first = page.getByRole('table', { name: 'slots' }).locator('tbody tr').first();
    expect(await first.textContent()).toContain(`${daysAhead(3).slice(0, 10)} 09:00 Asia/Shanghai`);
    expect(await first.textContent()).toContain('Li Na +8613900001111 dec-2026');
    await screenshot(page, 'console', 'slots');
    await first.getByRole('button', { name: 'Close to new bookings' }).click();
    expect(await page.locator('.flash').textContent()).toBe(`Slot ${slot} closed to new bookings; its 1 booking(s) stand.`);
    expect(await page.getByRole('table', { name: 'slots' }).locator('tbody tr').first().textContent()).toContain('closed');
    await page.context().close();
  });
});

describe('console imports', () => {
  it('uploads a list, shows its progress and summary, and offers its error report', async () => {
    const file = join(outputDir, 'walk-ins.csv');
    await writeFile(
      file,
      ['name,email,phone,source,purchase_timeframe', 'Zhou Min,zhou.min@example.com,+8613700001111,dealer walk-in,within 3 months', 'Bad Row,not-an-email,,dealer walk-in,', 'He Jun,he.jun@example.com,+8613700002222,dealer walk-in,more than a year'].join('\n'),
    );
    const page = await loginPage(browser, app.url, 'zhang.entry@example.com');
    await page.goto(`${app.url}/imports`);
    await page.getByLabel('The list holds').selectOption('prospects');
    await page.getByLabel('File (CSV, text or .xlsx)').setInputFiles(file);
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByText(/^done: 3 rows, 2 added, 0 merged, 1 invalid$/).waitFor({ timeout: 20_000 });
    expect(await page.getByRole('table', { name: 'import summary' }).textContent()).toContain('CSV');
    await screenshot(page, 'console', 'import-done');
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download the error report' }).click();
    const report = await (await download).path();
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(report, 'utf8');
    expect(text.split('\n')[0]).toBe('row,field,reason');
    expect(text).toMatch(/^3,email/m);
    const { rows } = await db.pool.query(`SELECT name, source_label FROM contacts WHERE email IN ('zhou.min@example.com', 'he.jun@example.com') ORDER BY name`);
    expect(rows).toEqual([{ name: 'He Jun', source_label: 'dealer walk-in' }, { name: 'Zhou Min', source_label: 'dealer walk-in' }]);
    const { rows: audited } = await db.pool.query(`SELECT action, subject FROM console_audit WHERE action LIKE 'import%' ORDER BY id`);
    expect(audited).toEqual([{ action: 'import', subject: 'walk-ins.csv' }, { action: 'import-done', subject: 'walk-ins.csv' }]);
    await page.context().close();

    const ops = await loginPage(browser, app.url, 'wang.ops@example.com');
    expect((await ops.goto(`${app.url}/imports`))?.status()).toBe(403);
    await ops.context().close();
  });
});
