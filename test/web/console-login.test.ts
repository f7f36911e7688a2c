/**
 * The console's door: login (and its refusal), roles, the audit log of who did what, CSRF on
 * every form, logout, and sessions that end when idle and after their absolute limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { freshDatabase, type TestDatabase } from '../helpers/postgres.js';
import { addTestUser, loginPage, PASSWORD, startConsole, type RunningConsole } from './console-app.js';

let db: TestDatabase;
let app: RunningConsole;
let browser: Browser;

beforeAll(async () => {
  db = await freshDatabase();
  [app, browser] = await Promise.all([startConsole(db.pool), launchBrowser()]);
  await addTestUser(db.pool, 'manager', 'li.manager@example.com', '李经理');
  await addTestUser(db.pool, 'data-entry', 'zhang.entry@example.com', '张录入');
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await db?.close();
});

describe('console login', () => {
  it('refuses a wrong password, says so, and records the attempt', async () => {
    const page = await loginPage(browser, app.url, 'li.manager@example.com', 'not the password');
    expect(await page.getByRole('alert').textContent()).toContain('do not match an active login');
    expect(await page.locator('input[name=password]').count()).toBe(1);
    await screenshot(page, 'console', 'login-refused');
    await page.context().close();
  });

  it('lets a manager in, to the audit log that shows the login and the refusal before it', async () => {
    const page = await loginPage(browser, app.url, 'li.manager@example.com');
    await page.goto(`${app.url}/audit`);
    const rows = await page.locator('table.list tbody tr').allTextContents();
    expect(rows[0]).toContain('li.manager@example.com');
    expect(rows[0]).toContain('login');
    expect(rows.some((r) => r.includes('login-refused'))).toBe(true);
    expect(await page.locator('header .who').textContent()).toContain('李经理 · manager');
    await screenshot(page, 'console', 'audit-log');

    await page.getByRole('button', { name: 'Log out' }).click();
    expect(await page.locator('.flash').textContent()).toContain('You have logged out');
    await page.goto(`${app.url}/audit`);
    expect(page.url()).toContain('/console/login');
    await page.context().close();
  });

  it('refuses a role the screen is not for, and logs the refusal', async () => {
    const page = await loginPage(browser, app.url, 'zhang.entry@example.com');
    const response = await page.goto(`${app.url}/audit`);
    expect(response?.status()).toBe(403);
    expect(await page.locator('.message').textContent()).toBe('Your role (data entry) may not use the audit log.');
    // The menu offers only what the role may use.
    const menu = await page.locator('header nav a').allTextContents();
    expect(menu).toEqual(['Reply cards', 'Imports']);
    await screenshot(page, 'console', 'refused-data-entry');
    await page.context().close();
    const { rows } = await db.pool.query(`SELECT action, subject FROM console_audit WHERE user_email = 'zhang.entry@example.com' ORDER BY id`);
    expect(rows.map((r) => r.action)).toEqual(['login', 'refused']);
  });

  it('refuses a POST without its CSRF token', async () => {
    const page = await loginPage(browser, app.url, 'li.manager@example.com');
    const response = await page.request.post(`${app.url}/logout`, { form: { x: '1' }, headers: { accept: 'application/json' } });
    expect(response.status()).toBe(403);
    expect((await response.json()).error).toContain('security token');
    // Still logged in: the forged logout did nothing.
    expect((await page.goto(`${app.url}/audit`))?.status()).toBe(200);
    await page.context().close();
  });
});

describe('console sessions', () => {
  it('end after their absolute limit, however busy, and after their idle time', async () => {
    const short = await startConsole(db.pool, { sessionAbsoluteMs: 1500 });
    const idle = await startConsole(db.pool, { sessionIdleMs: 1000 });
    try {
      const page = await loginPage(browser, short.url, 'li.manager@example.com');
      expect((await page.goto(`${short.url}/audit`))?.status()).toBe(200);
      await new Promise((r) => setTimeout(r, 1700));
      await page.goto(`${short.url}/audit`);
      expect(page.url()).toContain('/console/login');
      expect(await page.locator('.flash').textContent()).toContain('Your session has ended');
      await page.context().close();

      const idlePage = await loginPage(browser, idle.url, 'li.manager@example.com', PASSWORD);
      expect((await idlePage.goto(`${idle.url}/audit`))?.status()).toBe(200);
      await new Promise((r) => setTimeout(r, 1300));
      await idlePage.goto(`${idle.url}/audit`);
      expect(idlePage.url()).toContain('/console/login');
      await idlePage.context().close();
      // Nothing of the idle session is left that a stolen cookie could use.
      const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM console_sessions WHERE expires_at > now() AND data->>'email' IS NOT NULL AND expires_at < now() + interval '2 seconds'`);
      expect(rows[0].n).toBe(0);
    } finally {
      await short.close();
      await idle.close();
    }
  });
});
