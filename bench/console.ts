/**
 * Console benchmark: fills a database with 1,000,000 contacts and 5,000,000 recorded pieces
 * (bench/console/fill.sql, generated inside Postgres), then times the console's pages over HTTP
 * with a logged-in session and prints p50 and p95 per page. Goal: p95 under 300 ms.
 * Usage: npm run bench:console [-- --runs 40] [--page funnel] [--fresh]
 * Uses DATABASE_URL when set (a disposable database: it is filled once and reused), else a
 * throwaway embedded Postgres under .data/bench; Temporal is the project's development server.
 */
import { chmod, mkdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import Fastify from 'fastify';
import { buildConsoleUi } from '../api/console/build-ui.js';
import { consoleRoutes } from '../api/console/plugin.js';
import { addUser } from '../client/users.js';
import { startEmbeddedPostgres } from '../db/embedded.js';
import { migrate } from '../db/migrate.js';
import { createPool, ensureDatabase } from '../db/pool.js';
import { testConfig } from '../lib/config.js';
import { createLogger } from '../lib/logger.js';
import { registerSearchAttributes } from '../worker/search-attributes.js';

const root = fileURLToPath(new URL('../', import.meta.url));

function argument(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** Logs in as a browser would (GET the form for its CSRF token, POST it) and returns the session cookie. */
async function login(base: string, email: string, password: string): Promise<string> {
  const form = await fetch(`${base}/login`);
  const cookie = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const res = await fetch(`${base}/login`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ email, password, _csrf: csrf }) });
  const session = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  if (res.status !== 303 || !session) throw new Error(`login failed: ${res.status}`);
  return session;
}

async function main(): Promise<void> {
  const runs = argument('runs', 40);
  const dir = resolve(root, '.data/bench');
  await mkdir(dir, { recursive: true });
  let url = process.env.DATABASE_URL;
  let stop = async (): Promise<void> => undefined;
  if (!url) {
    const dataDir = join(dir, 'console-pg');
    if (process.argv.includes('--fresh')) await rm(dataDir, { recursive: true, force: true });
    await mkdir(dataDir, { recursive: true });
    await chmod(dataDir, 0o755);
    const server = await startEmbeddedPostgres({ dataDir: join(dataDir, 'data') });
    stop = server.stop;
    await ensureDatabase(server.url, 'bench');
    const u = new URL(server.url);
    u.pathname = '/bench';
    url = u.toString();
  }
  const pool = createPool(url, 10);
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: join(root, 'devserver/bin/devserver') } } });
  const app = Fastify({ logger: false });
  try {
    await migrate(pool);
    await registerSearchAttributes(env.client.connection, env.namespace ?? 'default');
    const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM contacts');
    if ((rows[0]?.n ?? 0) < 1_000_000) {
      process.stdout.write('filling: 1,000,000 contacts, 5,000,000 pieces...\n');
      const t = Date.now();
      await pool.query(await readFile(join(root, 'bench/console/fill.sql'), 'utf8'));
      await pool.query('VACUUM ANALYZE');
      process.stdout.write(`filled in ${((Date.now() - t) / 1000).toFixed(0)} s\n`);
    }
    await addUser(pool, { email: 'bench@example.com', name: 'Bench', role: 'manager', password: 'bench password 1' }).catch(() => undefined);
    await buildConsoleUi();
    await app.register(consoleRoutes, { prefix: '/console', pool, temporal: env.client, taskQueue: 'campaign-engine', log: createLogger({ LOG_LEVEL: 'error' }, 'bench-console'), config: testConfig({ DISPLAY_TIME_ZONE: 'Asia/Shanghai' }) });
    const base = `${await app.listen({ port: 0, host: '127.0.0.1' })}/console`;
    const cookie = await login(base, 'bench@example.com', 'bench password 1');

    const only = process.argv.indexOf('--page');
    const pages: [string, string][] = [
      ['campaign list', '/campaigns'],
      ['campaign funnel (1M-piece broadcast)', '/campaigns/xmas-2025'],
      ['campaign funnel (500k-lead campaign, by source)', '/campaigns/leads-2026'],
      ['contact search by name', `/contacts?q=${encodeURIComponent('欧阳娜')}`],
      ['contact search by e-mail', '/contacts?q=p777777%40example.com'],
      ['contact search by phone', '/contacts?q=%2B8613000424242'],
      ['contact search by code', '/contacts?q=BNCH-0424243'],
      ['contact view', '/contacts/424243'],
      ['failed list (all)', '/failed'],
      ['failed list (one campaign, 550)', '/failed?campaign=xmas-2025&error=550'],
    ];
    process.stdout.write(`${runs} requests per page after 3 to warm up, one at a time\n`);
    let worst = 0;
    const chosen = only > 0 ? pages.filter(([name]) => name.includes(process.argv[only + 1] ?? '')) : pages;
    for (const [name, path] of chosen) {
      if (/^\/campaigns\/[^/]+$/.test(path)) {
        // The count itself, cold: what the first person to open this campaign waits for its chart.
        const t = process.hrtime.bigint();
        const res = await fetch(`${base}${path}/funnel`, { headers: { cookie, accept: 'application/json' } });
        await res.arrayBuffer();
        process.stdout.write(`${`  (${name}: counting it cold, once)`.padEnd(50)} ${(Number(process.hrtime.bigint() - t) / 1e6).toFixed(0).padStart(9)} ms\n`);
      }
      const times: number[] = [];
      for (let i = 0; i < runs + 3; i++) {
        const t = process.hrtime.bigint();
        const res = await fetch(`${base}${path}`, { headers: { cookie } });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
        if (i >= 3) times.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      times.sort((a, b) => a - b);
      const p95 = percentile(times, 95);
      worst = Math.max(worst, p95);
      process.stdout.write(`${name.padEnd(50)} p50 ${percentile(times, 50).toFixed(0).padStart(5)} ms   p95 ${p95.toFixed(0).padStart(5)} ms${p95 >= 300 ? '   over 300 ms' : ''}\n`);
    }
    process.stdout.write(worst < 300 ? 'every page: p95 under 300 ms\n' : `slowest page p95 ${worst.toFixed(0)} ms: over the 300 ms goal\n`);
  } finally {
    await app.close();
    await env.teardown();
    await pool.end();
    await stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:console: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
