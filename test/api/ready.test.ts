/**
 * The API's /health and /ready: ready only while Postgres and Temporal both answer; otherwise 503
 * naming the part that does not.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type RunningApi } from '../../api/server.js';
import { silentLogger } from '../../lib/logger.js';
import { freshDatabase, type TestDatabase } from '../helpers/postgres.js';
import { startTimeSkippingServer } from '../helpers/temporal.js';

let env: TestWorkflowEnvironment;
let db: TestDatabase;
const apis: RunningApi[] = [];

beforeAll(async () => {
  [env, db] = await Promise.all([startTimeSkippingServer(), freshDatabase({ max: 2 })]);
});
afterAll(async () => {
  await Promise.all(apis.map((a) => a.close()));
  await Promise.all([env?.teardown(), db?.close()]);
});

async function api(pool: pg.Pool): Promise<string> {
  const running = await startApi({ temporal: env.client, pool, unsubscribeSecret: 'x'.repeat(40), taskQueue: 'ready-test', log: silentLogger }, 0);
  apis.push(running);
  return running.url;
}

describe('health and readiness', () => {
  it('is ready when Postgres and Temporal answer', async () => {
    const base = await api(db.pool);
    const health = await fetch(`${base}/health`);
    expect([health.status, await health.json()]).toEqual([200, { ok: true }]);
    const ready = await fetch(`${base}/ready`);
    expect([ready.status, await ready.json()]).toEqual([200, { ready: true, postgres: 'ok', temporal: 'ok' }]);
  });

  it('answers 503 naming Postgres when Postgres is down, and is still healthy', async () => {
    const down = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none', connectionTimeoutMillis: 5000 });
    try {
      const base = await api(down);
      const started = Date.now();
      const ready = await fetch(`${base}/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ ready: false, postgres: expect.stringMatching(/^unreachable: .*ECONNREFUSED/), temporal: 'ok' });
      expect(Date.now() - started).toBeLessThan(3000);
      expect((await fetch(`${base}/health`)).status).toBe(200);
    } finally {
      await down.end();
    }
  });
});
