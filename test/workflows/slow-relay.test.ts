/**
 * A slow relay never doubles a send: the SMTP server answers each message's final dot only after
 * 3 s, longer than the command timeout (SMTP_TIMEOUT_MS), the delivery lease and the page's
 * heartbeat timeout. The broadcast waits for each reply (RFC 5321: up to 10 minutes), keeps its
 * pieces held and tells Temporal it is alive meanwhile, so no retry sends a greeting again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGreetings } from '../../client/start.js';
import { broadcastWorkflowId } from '../../lib/temporal-names.js';
import { startTestEngine, type TestEngine } from '../helpers/engine.js';
import { insertContact } from '../helpers/seed.js';

let engine: TestEngine;

beforeAll(async () => {
  // The lease (4 command timeouts: 2 s) runs out before a reply comes unless it is renewed.
  engine = await startTestEngine({ smtpTimeoutMs: 500, config: { DELIVERY_LEASE_SECONDS: '1', SMTP_MAX_CONNECTIONS: '4' } });
});
afterAll(async () => engine?.close());

describe('a slow relay', () => {
  it('gets each greeting once though it answers the end of each message after 3 s', async () => {
    const owners = 8;
    for (let i = 0; i < owners; i++) {
      await insertContact(engine.db.pool, { email: `owner${i}@slow.example`, tier: 'regular', consentPost: false });
    }
    engine.smtp.fault('*', 'slow-reply', owners, 3000);
    const result = await engine.withWorker(async () => {
      await startGreetings(
        engine.client,
        { campaignId: 'xmas-slow', occasion: 'christmas-new-year', step: 'xmas-2026', pageSize: owners, pageHeartbeatTimeout: '2 seconds' },
        {},
      );
      return engine.client.temporal.workflow.getHandle(broadcastWorkflowId('greetings', 'xmas-slow')).result();
    });
    expect(result).toMatchObject({ state: 'done', sent: owners, failed: 0 });
    const mails = (await engine.smtp.messages()).filter((m) => m.to[0]!.endsWith('@slow.example'));
    expect(mails.map((m) => m.to[0]).sort()).toEqual(Array.from({ length: owners }, (_, i) => `owner${i}@slow.example`).sort());
    expect(engine.smtp.attempts().filter((a) => a.to[0]!.endsWith('@slow.example'))).toHaveLength(owners);
    const attempts = await engine.db.pool.query<{ attempts: number }>(`SELECT attempts FROM deliveries WHERE campaign_id = 'xmas-slow'`);
    expect(attempts.rows.map((r) => r.attempts)).toEqual(Array(owners).fill(1));
  }, 60_000);
});
