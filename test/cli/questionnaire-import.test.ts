/**
 * The questionnaire loop through the list import, as a campaign manager runs it: a partner's list
 * gives a prospect on file a new purchase timeframe, the prospect becomes hot, and the lead
 * campaign open for them sends the hot-lead pack with nobody starting anything, once.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLeadRouting } from '../../client/start.js';
import { contactWorkflowId } from '../../lib/temporal-names.js';
import { startTestEngine, type TestEngine } from '../helpers/engine.js';
import { insertContact, insertDealer, insertServiceCentre } from '../helpers/seed.js';
import { runCli } from './run-cli.js';

let engine: TestEngine;

beforeAll(async () => {
  engine = await startTestEngine();
  await insertDealer(engine.db.pool, '上海浦东汽车销售服务有限公司', '上海', '200120');
  await insertServiceCentre(engine.db.pool);
  await engine.db.pool.query(
    `INSERT INTO vehicle_models (code, name, summary, features, price_lines) VALUES ('SEDAN-L', '轿车 L', '舒适家用轿车', '["2.0T"]', $1)`,
    [JSON.stringify([{ label: '2.0T 豪华版', price: { amount: 259800, currency: 'CNY' } }])],
  );
});
afterAll(async () => engine?.close());

const packPieces = async (id: number) =>
  (await engine.db.pool.query<{ channel: string; status: string }>(`SELECT channel, status FROM deliveries WHERE contact_id = $1 AND step = 'pack' ORDER BY channel`, [id])).rows;

async function brochureSent(campaign: string, email: string): Promise<number> {
  const id = await insertContact(engine.db.pool, { stage: 'prospect', heat: 'low', email, consentPost: false, name: 'Li Lei', language: 'en' });
  await engine.withWorker(async () => {
    await startLeadRouting(engine.client, campaign, [id]);
    expect(await engine.client.temporal.workflow.getHandle(contactWorkflowId('lead-routing', campaign, id)).result()).toEqual({ route: 'brochure', sent: true });
  });
  return id;
}

describe('campaign import and the questionnaire loop', () => {
  it('a re-imported list row with a new timeframe does the same, and importing it again starts nothing more', async () => {
    const id = await brochureSent('loop-import', 'import@example.com');
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
    expect(await packPieces(id)).toEqual([{ channel: 'email', status: 'sent' }]);
    await rm(dir, { recursive: true, force: true });
  });

});
