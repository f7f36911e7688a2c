/**
 * Reply-card follow-up end to end: replies through the QR code's URL, the 14-day wait skipped,
 * call tasks at the simulated call centre, outcomes back through the engine's endpoint.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFunnel } from '../../client/funnel.js';
import { contactWorkflowId } from '../../lib/temporal-names.js';
import { replyFollowUp, followUpStatusQuery } from '../../workflows/reply-follow-up.js';
import { DEFAULT_FOLLOW_UP } from '../../workflows/support/settings.js';
import { registerCampaign } from '../../client/start.js';
import { startTestEngine, type TestEngine } from '../helpers/engine.js';
import { insertContact } from '../helpers/seed.js';

let engine: TestEngine;
const CAMPAIGN = 'follow-up-test';

beforeAll(async () => {
  engine = await startTestEngine();
});
afterAll(async () => engine?.close());
beforeEach(() => {
  engine.calls.setAnswer('reached-interested');
  engine.calls.setDelay(0);
});

async function prospect(email: string): Promise<number> {
  const id = await insertContact(engine.db.pool, { stage: 'prospect', heat: 'high', email, timeZone: 'Asia/Shanghai' });
  await registerCampaign(engine.db.pool, { id: CAMPAIGN, kind: 'lead-routing' }, [id]);
  return id;
}

/** Starts the follow-up; its handle waits in real time, so call outcomes arrive before any skip. */
function startFollowUp(contactId: number) {
  return engine.realtime.workflow.start(replyFollowUp, {
    workflowId: contactWorkflowId('reply-follow-up', CAMPAIGN, contactId),
    taskQueue: engine.taskQueue,
    args: [{ campaignId: CAMPAIGN, contactId, settings: DEFAULT_FOLLOW_UP }],
  });
}

/** Answers the reply card as the prospect would, through the URL in its QR code. */
async function replyByQr(contactId: number, answer: string, reason?: string): Promise<Response> {
  const card = await engine.activities.issueReplyCard(CAMPAIGN, contactId);
  expect(card.replyUrl.startsWith(engine.api.url)).toBe(true);
  return fetch(card.replyUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ answer, ...(reason ? { reason } : {}) }),
  });
}

describe('reply-card follow-up', () => {
  it('books a test drive: the reply by QR code makes a call task, the call reaches the prospect, an appointment is recorded', async () => {
    const id = await prospect('test-drive@example.com');
    await engine.withWorker(async () => {
      const handle = await startFollowUp(id);
      expect((await replyByQr(id, 'test-drive')).status).toBe(200);
      const end = await handle.result();
      expect(end).toEqual({ state: 'appointment', reason: 'dealer appointment booked by the call centre' });
    });
    const tasks = engine.calls.tasks().filter((t) => t.contactId === id);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ purpose: 'test-drive-booking', attempt: 1 });
  });

  it('a second reply to the same card is not taken', async () => {
    const id = await prospect('twice@example.com');
    await engine.withWorker(async () => {
      const handle = await startFollowUp(id);
      expect((await replyByQr(id, 'not-interested', 'bought another brand')).status).toBe(200);
      const second = await replyByQr(id, 'test-drive');
      expect(await second.json()).toEqual({ accepted: false, reason: 'this card was already answered' });
      expect(await handle.result()).toEqual({ state: 'lost', reason: 'bought another brand' });
    });
    expect(engine.calls.tasks().filter((t) => t.contactId === id)).toHaveLength(0);
  });

  it('an unknown or forged code is refused without saying whether it exists', async () => {
    const forged = await fetch(`${engine.api.url}/r/ZZZZZZZZZZZZ`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: 'answer=test-drive',
    });
    const malformed = await fetch(`${engine.api.url}/r/${encodeURIComponent("' OR 1=1 --")}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: 'answer=test-drive',
    });
    expect(forged.status).toBe(404);
    expect(malformed.status).toBe(404);
    expect(await forged.json()).toEqual(await malformed.json());
  });

  it('with no reply in 14 days, calls on three different days within calling hours, then closes as no-contact', async () => {
    engine.calls.setAnswer('no-answer');
    const id = await prospect('silent@example.com');
    await engine.withWorker(async () => {
      const handle = await startFollowUp(id);
      await engine.env.sleep('14 days'); // the reply window passes in a moment
      const end = await handle.result();
      expect(end).toEqual({ state: 'no-contact', reason: 'not reached in the call attempts' });
      expect(await handle.query(followUpStatusQuery)).toMatchObject({ callAttempts: 3, replied: false });
    });
    const tasks = engine.calls.tasks().filter((t) => t.contactId === id);
    expect(tasks.map((t) => t.attempt)).toEqual([1, 2, 3]);
    const days = tasks.map((t) => new Date(t.window.notBefore).toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' }));
    expect(new Set(days).size).toBe(3);
    for (const t of tasks) {
      const from = new Date(t.window.notBefore).toLocaleTimeString('en-GB', { timeZone: 'Asia/Shanghai', hour12: false });
      const to = new Date(t.window.notAfter).toLocaleTimeString('en-GB', { timeZone: 'Asia/Shanghai', hour12: false });
      expect(from >= '08:30:00' && to <= '21:00:00').toBe(true);
    }
    const funnel = await readFunnel(engine.db.pool, CAMPAIGN);
    expect(funnel.noContact).toBeGreaterThanOrEqual(1);
  });

  it('a prospect who refuses on the call gets a lost-customer survey call and is closed as lost', async () => {
    engine.calls.setAnswer('reached-refused');
    const id = await prospect('refuses@example.com');
    await engine.withWorker(async () => {
      const handle = await startFollowUp(id);
      await engine.env.sleep('14 days');
      expect(await handle.result()).toEqual({ state: 'lost', reason: 'refused on the follow-up call' });
    });
    const purposes = engine.calls.tasks().filter((t) => t.contactId === id).map((t) => t.purpose);
    expect(purposes).toEqual(['reply-follow-up', 'lost-customer-survey']);
    const funnel = await readFunnel(engine.db.pool, CAMPAIGN);
    expect(funnel.lost.map((l) => l.reason)).toContain('refused on the follow-up call');
    expect(funnel.stages.called).toBeGreaterThanOrEqual(1);
    expect(funnel.stages.reached).toBeGreaterThanOrEqual(1);
  });
});
