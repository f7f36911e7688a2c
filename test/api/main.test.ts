/**
 * `npm run api`, the engine API's own process as production runs it: it serves on API_PORT with
 * the database and Temporal behind it, and stops cleanly on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../helpers/postgres.js';
import { startTimeSkippingServer } from '../helpers/temporal.js';

let env: TestWorkflowEnvironment;
let db: TestDatabase;

beforeAll(async () => {
  [env, db] = await Promise.all([startTimeSkippingServer(), freshDatabase({ max: 2 })]);
});
afterAll(async () => {
  await Promise.all([env?.teardown(), db?.close()]);
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('npm run api', () => {
  it('answers on API_PORT from the database, and stops on SIGTERM with exit code 0', async () => {
    const port = await freePort();
    const main = fileURLToPath(new URL('../../api/main.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', main], {
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'warn', DATABASE_URL: db.url, TEMPORAL_ADDRESS: env.address, API_PORT: String(port) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const base = `http://127.0.0.1:${port}`;
      let health: Response | undefined;
      for (const deadline = Date.now() + 30_000; !health && Date.now() < deadline; ) {
        health = await fetch(`${base}/health`).catch(async () => void (await new Promise((r) => setTimeout(r, 100))));
      }
      expect(health?.status).toBe(200);
      expect(await health!.json()).toEqual({ ok: true });
      // A reply to a card that does not exist: looked up in the database, refused.
      const reply = await fetch(`${base}/r/NO-SUCH-CODE`, {
        method: 'POST',
        headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
        body: 'answer=test-drive',
      });
      expect(reply.status).toBe(404);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  });
});
