/**
 * The worker's Prometheus endpoint (METRICS_BIND_ADDRESS): after real sends through a worker
 * process, it serves the engine's counters by channel, campaign and status, its broadcast rate and
 * open call tasks, beside the SDK's own metrics.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGreetings } from '../../client/start.js';
import { broadcastWorkflowId } from '../../lib/temporal-names.js';
import { startTestEngine, type TestEngine } from '../helpers/engine.js';
import { spawnWorkerProcess } from '../helpers/worker-process.js';
import { insertContact } from '../helpers/seed.js';

let engine: TestEngine;

beforeAll(async () => {
  engine = await startTestEngine();
});
afterAll(async () => engine?.close());

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('worker metrics', () => {
  it('exports pieces sent and failed by channel and campaign, the broadcast rate and the SDK metrics', async () => {
    for (const name of ['ann', 'bob']) await insertContact(engine.db.pool, { email: `${name}@metrics.example`, consentPost: false });
    await insertContact(engine.db.pool, { email: 'gone@metrics.example', consentPost: true });
    engine.smtp.fault('gone@metrics.example', 'mailbox-unknown', 1);
    const port = await freePort();
    const child = spawnWorkerProcess(engine, { METRICS_BIND_ADDRESS: `127.0.0.1:${port}` });
    try {
      await startGreetings(engine.client, { campaignId: 'xmas-metrics', occasion: 'christmas-new-year', step: 'xmas-2026', errorThreshold: 0.9 }, {});
      const result = await engine.client.temporal.workflow.getHandle(broadcastWorkflowId('greetings', 'xmas-metrics')).result();
      expect(result).toMatchObject({ state: 'done', sent: 3, failed: 1 });
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      const value = (name: string, labels: Record<string, string>): number | undefined => {
        const line = text
          .split('\n')
          .find((l) => (l.startsWith(`${name}{`) || l.startsWith(`${name} `)) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
        return line === undefined ? undefined : Number(line.split(' ').at(-1));
      };
      expect(value('campaign_engine_pieces', { channel: 'email', campaign: 'xmas-metrics', status: 'sent' })).toBe(2);
      expect(value('campaign_engine_pieces', { channel: 'email', campaign: 'xmas-metrics', status: 'failed' })).toBe(1);
      expect(value('campaign_engine_pieces', { channel: 'post', campaign: 'xmas-metrics', status: 'sent' })).toBe(1);
      expect(value('campaign_engine_broadcast_rate', { campaign: 'xmas-metrics' })).toBeGreaterThan(0);
      expect(value('campaign_engine_open_call_tasks', {})).toBe(0);
      // The SDK's own, on the same endpoint.
      expect(text).toMatch(/^temporal_activity_execution_latency/m);
    } finally {
      child.kill('SIGTERM');
    }
  }, 120_000);
});
