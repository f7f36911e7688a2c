/**
 * What the lead-programme tests share: a small network (a dealer, a service centre, a model with
 * its price line) for the hot-lead pack to name, and a low-heat prospect who got the brochure.
 */
import { expect } from 'vitest';
import { startLeadRouting } from '../../client/start.js';
import { contactWorkflowId } from '../../lib/temporal-names.js';
import type { TestEngine } from './engine.js';
import { insertContact, insertDealer, insertServiceCentre } from './seed.js';

export async function insertLeadNetwork(engine: TestEngine): Promise<void> {
  await insertDealer(engine.db.pool, '上海浦东汽车销售服务有限公司', '上海', '200120');
  await insertServiceCentre(engine.db.pool);
  await engine.db.pool.query(
    `INSERT INTO vehicle_models (code, name, summary, features, price_lines) VALUES ('SEDAN-L', '轿车 L', '舒适家用轿车', '["2.0T"]', $1)`,
    [JSON.stringify([{ label: '2.0T 豪华版', price: { amount: 259800, currency: 'CNY' } }])],
  );
}

/** A low-heat prospect (e-mail only) who got the brochure in `campaign`; their contact id. */
export async function brochureSent(engine: TestEngine, campaign: string, email: string): Promise<number> {
  const id = await insertContact(engine.db.pool, { stage: 'prospect', heat: 'low', email, consentPost: false, name: 'Li Lei', language: 'en' });
  await engine.withWorker(async () => {
    await startLeadRouting(engine.client, campaign, [id]);
    expect(await engine.client.temporal.workflow.getHandle(contactWorkflowId('lead-routing', campaign, id)).result()).toEqual({ route: 'brochure', sent: true });
  });
  return id;
}

/** The contact's hot-lead pack pieces, by channel. */
export async function packPieces(engine: TestEngine, contactId: number): Promise<{ channel: string; status: string }[]> {
  const { rows } = await engine.db.pool.query<{ channel: string; status: string }>(`SELECT channel, status FROM deliveries WHERE contact_id = $1 AND step = 'pack' ORDER BY channel`, [contactId]);
  return rows;
}
