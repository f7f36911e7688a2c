/**
 * `npm start` is a demonstration on its own sample contacts: whatever else the database holds
 * (the user's own prospects and owners, imported before or after), however many times it runs,
 * its campaigns reach the sample contacts alone, and the programme's own campaigns never reach
 * the samples.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { segmentContactIds } from '../../client/segment.js';
import { broadcastWorkflowId, contactWorkflowId } from '../../lib/temporal-names.js';
import { loadSampleData } from '../../scripts/sample-data.js';
import { SAMPLE, startSampleCampaigns } from '../../scripts/sample-run.js';
import { startTestEngine, type TestEngine } from '../helpers/engine.js';
import { insertContact, insertOwner } from '../helpers/seed.js';

let engine: TestEngine;
let samples: { prospects: number[]; owners: number[] };
let own: { prospect: number; owner: number };

beforeAll(async () => {
  engine = await startTestEngine();
  expect(await loadSampleData(engine.db.pool)).not.toBeNull();
  const ids = async (stage: string) =>
    (await engine.db.pool.query<{ id: number }>('SELECT id FROM contacts WHERE stage = $1 AND sample ORDER BY id', [stage])).rows.map((r) => r.id);
  samples = { prospects: await ids('prospect'), owners: await ids('owner') };
  // The user's own programme, imported after a first npm start.
  own = {
    prospect: await insertContact(engine.db.pool, { name: '真实客户', email: 'real.prospect@customer.cn', stage: 'prospect', heat: 'high' }),
    owner: await insertOwner(engine.db.pool, { name: '真实车主', email: 'real.owner@customer.cn', stage: 'owner' }),
  };
});
afterAll(async () => {
  await engine?.close();
});

describe("npm start's sample campaigns", () => {
  it('loads the samples once, marked as samples', async () => {
    expect(samples.prospects.length).toBeGreaterThan(0);
    expect(samples.owners.length).toBeGreaterThan(0);
    expect(await loadSampleData(engine.db.pool)).toBeNull(); // a database with contacts gets no samples
  });

  it("start for the sample contacts alone, a second time nothing new, and never greet the user's owners", async () => {
    const first = await startSampleCampaigns(engine.client);
    expect(first.prospects).toEqual(samples.prospects);
    expect(first.owners.every((id) => samples.owners.includes(id))).toBe(true);
    expect(first.leads.started).toEqual(samples.prospects.map((id) => contactWorkflowId('lead-routing', SAMPLE.leads, id)));
    expect(first.inspection.started).toEqual(first.owners.map((id) => contactWorkflowId('inspection', SAMPLE.inspection, id)));

    const again = await startSampleCampaigns(engine.client);
    expect([...again.leads.started, ...again.inspection.started, ...again.greetings.started]).toEqual([]);
    for (const id of [contactWorkflowId('lead-routing', SAMPLE.leads, own.prospect), contactWorkflowId('inspection', SAMPLE.inspection, own.owner)]) {
      await expect(engine.client.temporal.workflow.getHandle(id).describe()).rejects.toThrow(/not found/i);
    }

    const progress = await engine.withWorker(() => engine.client.temporal.workflow.getHandle(broadcastWorkflowId('greetings', SAMPLE.greetings)).result());
    expect(progress).toMatchObject({ state: 'done', targeted: samples.owners.length });
    const { rows } = await engine.db.pool.query<{ contact_id: number }>(`SELECT DISTINCT contact_id FROM deliveries WHERE campaign_id = $1 ORDER BY 1`, [SAMPLE.greetings]);
    expect(rows.map((r) => r.contact_id)).toEqual(samples.owners);
  });

  it("the programme's own segments leave the samples out", async () => {
    expect(await segmentContactIds(engine.db.pool, { stage: 'prospect' })).toEqual([own.prospect]);
    expect(await segmentContactIds(engine.db.pool, { stage: 'owner', withVehicle: true })).toEqual([own.owner]);
  });
});
