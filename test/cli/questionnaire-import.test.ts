/**
 * The questionnaire loop through the list import, as a campaign manager runs it: a partner's list
 * gives a prospect on file a new purchase timeframe, the prospect becomes hot, and the lead
 * campaign open for them sends the hot-lead pack with nobody starting anything, once.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactWorkflowId } from '../../lib/temporal-names.js';
import { startTestEngine, type TestEngine } from '../helpers/engine.js';
import { brochureSent, insertLeadNetwork, packPieces } from '../helpers/leads.js';
import { runCli } from './run-cli.js';

let engine: TestEngine;

beforeAll(async () => {
  engine = await startTestEngine();
  await insertLeadNetwork(engine);
});
afterAll(async () => engine?.close());



describe('campaign import and the questionnaire loop', () => {
  it('a re-imported list row with a new timeframe does the same, and importing it again starts nothing more', async () => {
    const id = await brochureSent(engine, 'loop-import', 'import@example.com');
    const dir = await mkdtemp(join(tmpdir(), 'ce-loop-'));
    const file = join(dir, 'walk-ins.csv');
    await writeFile(file, 'name,email,source,purchase timeframe\nLi Lei,import@example.com,dealer walk-in,3个月内\n');
    const env = { DATABASE_URL: engine.db.url, TEMPORAL_ADDRESS: engine.env.address, TASK_QUEUE: engine.taskQueue, OUTPUT_DIR: dir };
    await engine.withWorker(async () => {
      const first = await runCli(['import', file], { env });
      expect(first).toMatchObject({ code: 0, stderr: '' });
      expect(first.stdout).toMatch(/^hot-lead packs started {2}1 \(prospects now hot in an open lead campaign\)$/m);
      await engine.client.temporal.workflow.getHandle(contactWorkflowId('hot-lead-pack', 'loop-import', id)).result();
      const again = await runCli(['import', file, '--json'], { env });
      expect(JSON.parse(again.stdout)).toMatchObject({ merged: 1, packsStarted: [] });
    });
    expect(await packPieces(engine, id)).toEqual([{ channel: 'email', status: 'sent' }]);
    await rm(dir, { recursive: true, force: true });
  });

});
