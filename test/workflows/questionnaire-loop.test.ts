/**
 * The questionnaire loop: a low-heat prospect who answers "within three months" (on the reply
 * card, or to the call centre) becomes hot, and the lead campaign open for them sends the hot-lead
 * pack at once, with nobody starting anything, and only once however often the answer comes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerTimeframe, startDuePacks } from '../../client/heat.js';
import { reportCallOutcome, submitReply } from '../../client/respond.js';
import { contactWorkflowId } from '../../lib/temporal-names.js';
import { startTestEngine, type TestEngine } from '../helpers/engine.js';
import { brochureSent, insertLeadNetwork, packPieces } from '../helpers/leads.js';
import { insertContact } from '../helpers/seed.js';

let engine: TestEngine;

beforeAll(async () => {
  engine = await startTestEngine();
  await insertLeadNetwork(engine);
});
afterAll(async () => engine?.close());

const heatOf = async (id: number) => (await engine.db.pool.query<{ heat: string; tf: string }>(`SELECT heat, screening->>'purchaseTimeframe' AS tf FROM contacts WHERE id = $1`, [id])).rows[0];


describe('the questionnaire loop', () => {
  it('a reply card that says "within three months" makes the prospect hot and sends the pack once', async () => {
    const id = await brochureSent(engine, 'loop-card', 'card@example.com');
    const code = (await engine.activities.issueReplyCard('loop-card', id)).responseCode;
    const pack = contactWorkflowId('hot-lead-pack', 'loop-card', id);
    await engine.withWorker(async () => {
      const receipt = await submitReply(engine.client, code, { wantsMaterial: true, via: 'data-entry', purchaseTimeframe: '3个月内' });
      expect(receipt).toMatchObject({ accepted: true, rescored: { heat: 'high', becameHot: true, packs: [pack] } });
      await engine.client.temporal.workflow.getHandle(pack).result();
      // The same answer again, by another way: already hot, nothing new starts.
      expect(await answerTimeframe(engine.client, id, 'within 3 months')).toEqual({ heat: 'high', becameHot: false, packs: [] });
      expect(await startDuePacks(engine.client, id)).toEqual([]);
    });
    expect(await heatOf(id)).toEqual({ heat: 'high', tf: 'within 3 months' }); // the latest answer stands
    expect(await packPieces(engine, id)).toEqual([{ channel: 'email', status: 'sent' }]);
    // Every e-mail the server received for them is one recorded piece: nothing went twice.
    const received = (await engine.smtp.messages()).filter((m) => m.to.includes('card@example.com'));
    const { rows } = await engine.db.pool.query(`SELECT step FROM deliveries WHERE contact_id = $1 AND channel = 'email' AND status = 'sent'`, [id]);
    expect(received).toHaveLength(rows.length);
    expect(rows.filter((r) => r.step === 'pack')).toHaveLength(1);
  });

  it('a call outcome with a timeframe re-scores heat the same way', async () => {
    const id = await brochureSent(engine, 'loop-call', 'call@example.com');
    const { rows } = await engine.db.pool.query<{ id: number }>(
      `INSERT INTO deliveries (idempotency_key, campaign_id, contact_id, step, channel, status) VALUES ('loop-call/call', 'loop-call', $1, 'call-1', 'phone', 'sent') RETURNING id`,
      [id],
    );
    await engine.db.pool.query(
      `INSERT INTO call_tasks (delivery_id, campaign_id, contact_id, workflow_id, purpose, attempt, window_start, window_end, provider_task_id)
       VALUES ($1, 'loop-call', $2, 'reply-follow-up/loop-call/contact-gone', 'follow-up', 1, now(), now() + interval '1 day', 'TASK-LOOP-1')`,
      [rows[0]!.id, id],
    );
    await engine.withWorker(async () => {
      const receipt = await reportCallOutcome(engine.client, 'TASK-LOOP-1', 'reached-interested', 'asked about the SUV', 'within a year');
      expect(receipt).toMatchObject({ recorded: true, rescored: { heat: 'high', becameHot: true, packs: [contactWorkflowId('hot-lead-pack', 'loop-call', id)] } });
      await engine.client.temporal.workflow.getHandle(contactWorkflowId('hot-lead-pack', 'loop-call', id)).result();
    });
    expect(await packPieces(engine, id)).toEqual([{ channel: 'email', status: 'sent' }]);
  });

  it("the reply card's web form takes the timeframe the printed card asks for", async () => {
    const id = await brochureSent(engine, 'loop-web', 'web@example.com');
    const code = (await engine.activities.issueReplyCard('loop-web', id)).responseCode;
    const page = await fetch(`${engine.api.url}/r/${code}`);
    expect(await page.text()).toContain('<select id="timeframe" name="timeframe">');
    await engine.withWorker(async () => {
      const answered = await fetch(`${engine.api.url}/r/${code}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ answer: 'material', timeframe: 'within a year' }),
      });
      expect(answered.status).toBe(200);
      expect(await answered.text()).toContain('Thank you, we have your reply.');
      await engine.client.temporal.workflow.getHandle(contactWorkflowId('hot-lead-pack', 'loop-web', id)).result();
    });
    expect(await heatOf(id)).toEqual({ heat: 'high', tf: 'within a year' });
    expect(await packPieces(engine, id)).toEqual([{ channel: 'email', status: 'sent' }]);
  });

  it('refuses an answer that is no timeframe, before anything is recorded', async () => {
    const id = await insertContact(engine.db.pool, { stage: 'prospect', heat: 'low', email: 'vague@example.com' });
    const code = (await engine.activities.issueReplyCard('loop-vague', id)).responseCode;
    await expect(submitReply(engine.client, code, { wantsMaterial: true, purchaseTimeframe: 'soonish maybe' })).rejects.toThrow(
      "timeframe: 'soonish maybe' is not a purchase timeframe (e.g. 3个月内, within a year, 1年以上)",
    );
    const { rows } = await engine.db.pool.query(`SELECT replied_at FROM reply_cards WHERE response_code = $1`, [code]);
    expect(rows).toEqual([{ replied_at: null }]);
    expect((await heatOf(id))!.heat).toBe('low');
  });
});
