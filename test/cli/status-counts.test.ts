/**
 * `campaign status <campaign>` tells the same counts on its funnel and its broadcast line: owners
 * greeted by e-mail and by letter, a piece failed and then replayed. The run's own tally counts
 * each page as it went; the line counts what the record holds now, as the funnel does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayFailedPieces } from '../../client/failed.js';
import { startGreetings } from '../../client/start.js';
import { broadcastWorkflowId } from '../../lib/temporal-names.js';
import { startTestEngine, type TestEngine } from '../helpers/engine.js';
import { insertContact } from '../helpers/seed.js';
import { runCli } from './run-cli.js';

let engine: TestEngine;

beforeAll(async () => {
  engine = await startTestEngine();
});
afterAll(async () => engine?.close());

describe('campaign status of a broadcast', () => {
  it('shows the same counts on the funnel and the broadcast line, after a replay too', async () => {
    // Two owners by e-mail and letter, one by e-mail whose first send is refused (554).
    for (const name of ['both1', 'both2']) await insertContact(engine.db.pool, { email: `${name}@counts.example`, consentPost: true });
    await insertContact(engine.db.pool, { email: 'refused@counts.example', consentPost: false });
    engine.smtp.fault('refused@counts.example', 'rejected', 1);
    const status = async (): Promise<string> => {
      const out = await runCli(['status', 'xmas-counts'], { env: { DATABASE_URL: engine.db.url, TEMPORAL_ADDRESS: engine.env.address, TASK_QUEUE: engine.taskQueue } });
      expect(out).toMatchObject({ code: 0, stderr: '' });
      return out.stdout;
    };
    await engine.withWorker(async () => {
      await startGreetings(engine.client, { campaignId: 'xmas-counts', occasion: 'christmas-new-year', step: 'xmas-2026' }, {});
      expect(await engine.client.temporal.workflow.getHandle(broadcastWorkflowId('greetings', 'xmas-counts')).result()).toMatchObject({ state: 'done', targeted: 3 });
      const before = await status();
      expect(before).toMatch(/email pieces\s+(sent 2, failed 1|failed 1, sent 2)\n/);
      expect(before).toMatch(/post pieces\s+sent 2\n/);
      expect(before).toMatch(/broadcast\s+done \(sent 4, failed 1, skipped 0, remaining 0\)/);

      expect((await replayFailedPieces(engine.client, { campaign: 'xmas-counts' })).tally).toMatchObject({ sent: 1 });
      const after = await status();
      expect(after).toMatch(/email pieces\s+sent 3\n/);
      expect(after).toMatch(/broadcast\s+done \(sent 5, failed 0, skipped 0, remaining 0\)/);
    });
  });
});
