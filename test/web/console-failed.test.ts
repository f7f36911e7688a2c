/**
 * Failed pieces in a real browser against the whole engine: filtered as `campaign failed list`
 * filters them, a dry run that sends nothing, then the replay (same Message-ID, the bounced
 * mailbox skipped), and the same form sent twice acting once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startGreetings } from '../../client/start.js';
import { broadcastWorkflowId } from '../../lib/temporal-names.js';
import type { greetings } from '../../workflows/greetings.js';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { startTestEngine, type TestEngine } from '../helpers/engine.js';
import { insertContact } from '../helpers/seed.js';
import { addTestUser, loginPage, startConsole, type RunningConsole } from './console-app.js';

let engine: TestEngine;
let app: RunningConsole;
let browser: Browser;
const domain = 'failed.web.example';

beforeAll(async () => {
  engine = await startTestEngine();
  [app, browser] = await Promise.all([startConsole(engine.db.pool, { temporal: engine.realtime, taskQueue: engine.taskQueue }), launchBrowser()]);
  await addTestUser(engine.db.pool, 'operations', 'wang.ops@example.com', 'Wang Ops');
  await addTestUser(engine.db.pool, 'data-entry', 'zhang.entry@example.com', 'Zhang Entry');
  for (const name of ['fine', 'unknown', 'refused-once']) await insertContact(engine.db.pool, { name: `Owner ${name}`, email: `${name}@${domain}`, consentPost: false });
  engine.smtp.fault(`unknown@${domain}`, 'mailbox-unknown', 5);
  engine.smtp.fault(`refused-once@${domain}`, 'rejected', 1);
  await engine.withWorker(async () => {
    await startGreetings(engine.client, { campaignId: 'xmas-web-failed', occasion: 'christmas-new-year', step: 'xmas-2026', errorThreshold: 0.9 });
    await engine.client.temporal.workflow.getHandle<typeof greetings>(broadcastWorkflowId('greetings', 'xmas-web-failed')).result();
  });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await engine?.close();
});

describe('console failed pieces', () => {
  it('filters, dry-runs, replays once, and refuses a bad filter naming the field', async () => {
    const page = await loginPage(browser, app.url, 'wang.ops@example.com');
    await page.goto(`${app.url}/failed?campaign=xmas-web-failed`);
    const reasons = await page.locator('table.list tbody tr td:nth-child(8)').allTextContents();
    expect(reasons).toHaveLength(2);
    expect(reasons.join('\n')).toMatch(/550|554/);
    await screenshot(page, 'console', 'failed-list');

    await page.getByLabel('Channel').selectOption('post');
    await page.getByRole('button', { name: 'Filter' }).click();
    expect(page.url()).toContain('channel=post');
    expect(await page.getByRole('status').textContent()).toBe('No failed pieces for this filter.');

    const bad = await page.goto(`${app.url}/failed?channel=fax`);
    expect(bad?.status()).toBe(400);
    expect(await page.locator('.message').textContent()).toBe('channel: must be email, post or phone');
    const badDate = await page.goto(`${app.url}/failed?since=yesterday`);
    expect(await page.locator('.message').textContent()).toContain('since: not a date');
    expect(badDate?.status()).toBe(400);

    const attemptsBefore = engine.smtp.attempts().length;
    await page.goto(`${app.url}/failed?campaign=xmas-web-failed`);
    await page.getByRole('link', { name: 'Replay these (dry run first)' }).click();
    expect(await page.locator('.dry-run').textContent()).toBe('Would re-send 2 failed piece(s); dry run: nothing was sent.');
    expect(engine.smtp.attempts()).toHaveLength(attemptsBefore);
    await screenshot(page, 'console', 'failed-replay-dry-run');

    await engine.withWorker(async () => {
      await page.getByRole('button', { name: 'Re-send 2 piece(s) now' }).click();
      const tally = await page.getByRole('table', { name: 'replay tally' }).locator('tr').allTextContents();
      expect(tally).toEqual(['failed pieces found2', 'sent now1', 'failed again0', 'skipped (consent, suppression)1', 'no longer failed0']);
      await screenshot(page, 'console', 'failed-replay-done');
      // The browser sends the same form again (back, then resubmit): nothing is done twice.
      await page.goBack();
      const again = await page.getByRole('button', { name: 'Re-send 2 piece(s) now' });
      await again.click();
      expect(await page.locator('.message').textContent()).toBe('This form was already sent: nothing was done a second time.');
    });
    const mails = (await engine.smtp.messages()).filter((m) => m.to[0]!.endsWith(`@${domain}`));
    expect(mails.map((m) => m.to[0]).sort()).toEqual([`fine@${domain}`, `refused-once@${domain}`]);
    const { rows } = await engine.db.pool.query(`SELECT action, subject, detail->'tally'->>'sent' AS sent FROM console_audit WHERE action = 'replay'`);
    expect(rows).toEqual([{ action: 'replay', subject: 'xmas-web-failed', sent: '1' }]);
    await page.context().close();

    const entry = await loginPage(browser, app.url, 'zhang.entry@example.com');
    expect((await entry.goto(`${app.url}/failed`))?.status()).toBe(403);
    await entry.context().close();
  });
});
