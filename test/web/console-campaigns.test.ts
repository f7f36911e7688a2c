/**
 * The console's campaigns in a real browser against the whole engine: the list with live state,
 * one campaign's record and funnel chart, and a running broadcast paused (with its reason) and
 * resumed from the page through the same client functions as `campaign pause|resume`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startGreetings } from '../../client/start.js';
import { broadcastWorkflowId } from '../../lib/temporal-names.js';
import { progressQuery, type greetings } from '../../workflows/greetings.js';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { startTestEngine, type TestEngine } from '../helpers/engine.js';
import { insertContact } from '../helpers/seed.js';
import { until } from '../helpers/until.js';
import { addTestUser, loginPage, startConsole, type RunningConsole } from './console-app.js';

let engine: TestEngine;
let app: RunningConsole;
let browser: Browser;

beforeAll(async () => {
  engine = await startTestEngine();
  [app, browser] = await Promise.all([startConsole(engine.db.pool, { temporal: engine.realtime, taskQueue: engine.taskQueue }), launchBrowser()]);
  await addTestUser(engine.db.pool, 'operations', 'wang.ops@example.com', 'Wang Ops');
  await addTestUser(engine.db.pool, 'call-centre', 'chen.calls@example.com', 'Chen Calls');
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await engine?.close();
});

describe('console campaigns', () => {
  it('lists campaigns with their live state, shows the funnel, and pauses and resumes a broadcast', async () => {
    await engine.withWorker(async () => {
      for (let i = 0; i < 6; i++) await insertContact(engine.db.pool, { email: `owner${i}@web.example`, consentPost: false });
      await startGreetings(engine.client, { campaignId: 'xmas-web', occasion: 'christmas-new-year', step: 'xmas-2026', pageSize: 2, ratePerSecond: 0.2 });
      const handle = engine.realtime.workflow.getHandle<typeof greetings>(broadcastWorkflowId('greetings', 'xmas-web'));
      await until(() => handle.query(progressQuery), (p) => p.sent === 2, 'the first page');

      const page = await loginPage(browser, app.url, 'wang.ops@example.com');
      // Operations land on the campaign list.
      expect(page.url()).toBe(`${app.url}/campaigns`);
      const row = page.locator('table.list tbody tr', { hasText: 'xmas-web' });
      expect(await row.locator('td').allTextContents()).toEqual(expect.arrayContaining(['xmas-web', 'greetings', 'running', '1']));
      await screenshot(page, 'console', 'campaigns-list');

      await row.getByRole('link', { name: 'xmas-web' }).click();
      await page.getByRole('img', { name: 'funnel by stage' }).waitFor();
      expect(await page.locator('#holdout').textContent()).toContain('This campaign holds nobody out');
      expect(await page.getByRole('table', { name: 'funnel by source' }).textContent()).toContain('(no source)');
      await page.locator('.broadcast .counts').waitFor();
      expect(await page.locator('.broadcast [role=status]').textContent()).toContain('running');

      await page.getByLabel('Pause reason').fill('artwork check');
      await page.getByRole('button', { name: 'Pause' }).click();
      await page.getByText('paused: artwork check').waitFor({ timeout: 15_000 });
      expect(await handle.query(progressQuery)).toMatchObject({ state: 'paused', pauseReason: 'artwork check' });
      await screenshot(page, 'console', 'campaign-broadcast-paused');

      await page.getByRole('button', { name: 'Resume' }).click();
      const end = await engine.client.temporal.workflow.getHandle<typeof greetings>(handle.workflowId).result();
      expect(end).toMatchObject({ state: 'done', sent: 6 });
      await page.context().close();

      const { rows } = await engine.db.pool.query(`SELECT action, subject, detail FROM console_audit WHERE action IN ('pause', 'resume') ORDER BY id`);
      expect(rows).toEqual([
        { action: 'pause', subject: 'xmas-web', detail: { reason: 'artwork check' } },
        { action: 'resume', subject: 'xmas-web', detail: {} },
      ]);
    });
  });

  it('acts once on a form sent twice, and refuses a role that may not steer campaigns', async () => {
    const page = await loginPage(browser, app.url, 'wang.ops@example.com');
    await page.goto(`${app.url}/campaigns/xmas-web`);
    const csrf = await page.locator('[data-widget=broadcast-progress]').getAttribute('data-csrf');
    const headers = { accept: 'application/json', 'x-csrf-token': csrf!, 'x-form-token': 'same-token-twice-0001' };
    const first = await page.request.post(`${app.url}/campaigns/xmas-web/pause`, { headers, data: { reason: 'twice' } });
    const second = await page.request.post(`${app.url}/campaigns/xmas-web/pause`, { headers, data: { reason: 'twice' } });
    // The broadcast has ended: the first is refused as not running, the second is not even tried.
    expect(first.status()).toBe(400);
    expect((await first.json()).error).toBe("the broadcast of 'xmas-web' is not running");
    expect(second.status()).toBe(409);
    expect((await second.json()).error).toContain('already sent');
    await page.context().close();

    const agent = await loginPage(browser, app.url, 'chen.calls@example.com');
    const response = await agent.goto(`${app.url}/campaigns`);
    expect(response?.status()).toBe(403);
    expect(await agent.locator('.message').textContent()).toBe('Your role (call centre) may not use campaigns.');
    await agent.context().close();
  });
});
