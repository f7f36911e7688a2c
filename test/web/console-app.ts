/**
 * The console mounted as the API will mount it (`register(consoleRoutes, { prefix: '/console' })`)
 * on a fastify of its own on loopback, with a logged-in browser page per role for the web tests.
 */
import { Client, Connection } from '@temporalio/client';
import Fastify from 'fastify';
import type { Browser, Page } from 'playwright-core';
import type pg from 'pg';
import { buildConsoleUi } from '../../api/console/build-ui.js';
import { consoleRoutes, type ConsoleOptions } from '../../api/console/plugin.js';
import { addUser, type Role } from '../../client/users.js';
import { testConfig } from '../../lib/config.js';
import { silentLogger } from '../../lib/logger.js';

export interface RunningConsole {
  url: string;
  close(): Promise<void>;
}

/** A Temporal client that never connects: for screens that read Postgres only. */
export function offlineTemporal(): Client {
  return new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
}

export async function startConsole(pool: pg.Pool, extra: Partial<ConsoleOptions> = {}): Promise<RunningConsole> {
  await buildConsoleUi();
  const app = Fastify({ logger: false });
  const options: ConsoleOptions = {
    pool,
    temporal: extra.temporal ?? offlineTemporal(),
    taskQueue: 'campaign-engine',
    log: silentLogger,
    config: testConfig({ DISPLAY_TIME_ZONE: 'Asia/Shanghai' }),
    ...extra,
  };
  await app.register(consoleRoutes, { prefix: '/console', ...options });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: `${address}/console`, close: () => app.close() };
}

/** Cheap hashing for tests: the cost is stored with each hash, so login checks it the same way. */
const TEST_COST = { N: 2 ** 12, r: 8, p: 1 };
export const PASSWORD = 'correct horse battery';

export async function addTestUser(pool: pg.Pool, role: Role, email = `${role}@example.com`, name = `Test ${role}`): Promise<string> {
  await addUser(pool, { email, name, role, password: PASSWORD }, TEST_COST);
  return email;
}

/** A new browser context logged in as `email`; returns its page on the screen it lands on. */
export async function loginPage(browser: Browser, consoleUrl: string, email: string, password = PASSWORD): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Asia/Shanghai', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${consoleUrl}/login`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForLoadState('domcontentloaded');
  return page;
}
