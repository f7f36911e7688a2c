/**
 * The console mounted in the engine's own web app (api/app.ts) as the API mounts it, under its
 * security headers (a Content-Security-Policy of 'self' only) and root rate limits: its pages,
 * script and styles load with nothing refused by the browser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../api/app.js';
import { webConfig } from '../../api/deps.js';
import { buildConsoleUi } from '../../api/console/build-ui.js';
import { silentLogger } from '../../lib/logger.js';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { freshDatabase, type TestDatabase } from '../helpers/postgres.js';
import { insertCampaign } from '../helpers/seed.js';
import { addTestUser, loginPage, offlineTemporal } from './console-app.js';

let db: TestDatabase;
let app: FastifyInstance;
let browser: Browser;
let consoleUrl: string;

beforeAll(async () => {
  [db, browser] = await Promise.all([freshDatabase(), launchBrowser(), buildConsoleUi()]);
  const temporal = offlineTemporal();
  const deps = { temporal, pool: db.pool, unsubscribeSecret: 'x'.repeat(40), taskQueue: 'campaign-engine', log: silentLogger, config: { DISPLAY_TIME_ZONE: 'Asia/Shanghai' } };
  app = await buildApp(deps, webConfig(deps, 'http://127.0.0.1'));
  consoleUrl = `${await app.listen({ port: 0, host: '127.0.0.1' })}/console`;
  await addTestUser(db.pool, 'manager', 'li.manager@example.com', 'Li Manager');
  await insertCampaign(db.pool, 'xmas-mounted', 'greetings');
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await db?.close();
});

describe('console mounted in the engine app', () => {
  it('logs in and draws a campaign page with its script and styles under the app’s security headers', async () => {
    const page = await loginPage(browser, consoleUrl, 'li.manager@example.com');
    const refused: string[] = [];
    page.on('console', (m) => m.type() === 'error' && refused.push(m.text()));
    const response = await page.goto(`${consoleUrl}/campaigns/xmas-mounted`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByRole('img', { name: 'funnel by stage' }).waitFor();
    // The stylesheet applied: the header is laid out as a flex row.
    expect(await page.evaluate<string>("getComputedStyle(document.querySelector('header.top')).display")).toBe('flex');
    expect(refused).toEqual([]);
    await screenshot(page, 'console', 'mounted-campaign');
    await page.context().close();
  });
});
