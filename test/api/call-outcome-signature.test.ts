/**
 * The call centre's callback is signed: HMAC-SHA256 over the timestamp and the raw body. A
 * missing, wrong or stale signature is refused 401 before the body is read, and the same signed
 * callback sent twice is refused the second time; a good one reaches the campaign client.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type RunningApi } from '../../api/server.js';
import { signCallback } from '../../lib/callback-signature.js';
import { silentLogger } from '../../lib/logger.js';
import { freshDatabase, type TestDatabase } from '../helpers/postgres.js';
import { startTimeSkippingServer } from '../helpers/temporal.js';

const SECRET = 'a-call-centre-secret-of-at-least-32-chars';
let env: TestWorkflowEnvironment;
let db: TestDatabase;
let api: RunningApi;

beforeAll(async () => {
  [env, db] = await Promise.all([startTimeSkippingServer(), freshDatabase({ max: 2 })]);
  api = await startApi({ temporal: env.client, pool: db.pool, unsubscribeSecret: 'x'.repeat(40), taskQueue: 'sig-test', log: silentLogger, config: { CALL_CENTRE_CALLBACK_SECRET: SECRET } }, 0);
});
afterAll(async () => {
  await api?.close();
  await Promise.all([env?.teardown(), db?.close()]);
});

const body = JSON.stringify({ taskId: 'TASK-NOT-OURS', outcome: 'no-answer' });
const post = (headers: Record<string, string>, text = body) =>
  fetch(`${api.url}/call-outcomes`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: text });

describe('the call-centre callback signature', () => {
  it('refuses a callback with no signature, a forged one, or one signed over another body', async () => {
    const missing = await post({});
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: 'x-callback-timestamp and x-callback-signature headers are required' });
    const forged = await post(signCallback('someone-elses-secret-of-32-characters!', body));
    expect([forged.status, await forged.json()]).toEqual([401, { error: 'signature does not match' }]);
    const otherBody = await post(signCallback(SECRET, body), JSON.stringify({ taskId: 'TASK-NOT-OURS', outcome: 'reached-interested' }));
    expect(otherBody.status).toBe(401);
  });

  it('refuses a stale callback (signed more than 5 minutes ago)', async () => {
    const stale = await post(signCallback(SECRET, body, Date.now() - 6 * 60_000));
    expect([stale.status, await stale.json()]).toEqual([401, { error: 'x-callback-timestamp is more than 5 minutes from now' }]);
  });

  it('takes a good signature once (the task is then looked up), and refuses the same callback replayed', async () => {
    const headers = signCallback(SECRET, body);
    const first = await post(headers);
    expect([first.status, await first.json()]).toEqual([404, { error: 'unknown call task' }]);
    const replay = await post(headers);
    expect([replay.status, await replay.json()]).toEqual([401, { error: 'this signed callback was already received (replay)' }]);
    // A bad body behind a good signature is named by its field.
    const bad = JSON.stringify({ taskId: 'T', outcome: 'maybe' });
    const invalid = await post(signCallback(SECRET, bad), bad);
    expect(invalid.status).toBe(422);
    expect(((await invalid.json()) as { error: string }).error).toMatch(/^outcome: /);
  });
});
