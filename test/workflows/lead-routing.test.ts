/**
 * Lead routing and the hot-lead mail pack, end to end: real SDK worker and client on the
 * development server, real Postgres, SMTP server, letter-shop folder and call simulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitReply } from '../../client/respond.js';
import { registerCampaign, startLeadRouting } from '../../client/start.js';
import { readFunnel } from '../../client/funnel.js';
import { contactWorkflowId } from '../../lib/temporal-names.js';
import { followUpStatusQuery } from '../../workflows/reply-follow-up.js';
import { startTestEngine, type TestEngine } from '../helpers/engine.js';
import { insertLeadNetwork } from '../helpers/leads.js';
import { insertContact } from '../helpers/seed.js';

let engine: TestEngine;

beforeAll(async () => {
  engine = await startTestEngine();
  await insertLeadNetwork(engine);
});
afterAll(async () => engine?.close());

describe('lead routing', () => {
  it('sends a low-heat prospect one brochure mailing, by e-mail and by post', async () => {
    const id = await insertContact(engine.db.pool, { stage: 'prospect', heat: 'low', email: 'low@example.com', name: 'Li Lei', language: 'en' });
    await engine.withWorker(async () => {
      await startLeadRouting(engine.client, 'spring-leads', [id]);
      const route = await engine.client.temporal.workflow.getHandle(contactWorkflowId('lead-routing', 'spring-leads', id)).result();
      expect(route).toEqual({ route: 'brochure', sent: true });
    });
    const mails = (await engine.smtp.messages()).filter((m) => m.to.includes('low@example.com'));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.parsed.text).toContain('Li Lei');
    expect(mails[0]!.parsed.html).toBeTruthy();
    const { rows } = await engine.db.pool.query(`SELECT channel, status FROM deliveries WHERE contact_id = $1 ORDER BY channel`, [id]);
    expect(rows).toEqual([
      { channel: 'email', status: 'sent' },
      { channel: 'post', status: 'sent' },
    ]);
  });

  it('sends a hot lead the full pack with its reply card, then waits for the reply; starting twice sends nothing more', async () => {
    const id = await insertContact(engine.db.pool, {
      stage: 'prospect',
      heat: 'high',
      email: 'hot@example.com',
      name: '陈志强',
      screening: { models: ['SEDAN-L'], timeframe: 'within 3 months' },
    });
    await engine.withWorker(async () => {
      const first = await startLeadRouting(engine.client, 'spring-leads', [id]);
      expect(first.started).toHaveLength(1);
      await engine.client.temporal.workflow.getHandle(contactWorkflowId('lead-routing', 'spring-leads', id)).result();
      const pack = await engine.client.temporal.workflow.getHandle(contactWorkflowId('hot-lead-pack', 'spring-leads', id)).result();
      expect(pack.deliveries.map((d: { status: string }) => d.status)).toEqual(['sent', 'sent']);

      const followUp = engine.client.temporal.workflow.getHandle(contactWorkflowId('reply-follow-up', 'spring-leads', id));
      expect(await followUp.query(followUpStatusQuery)).toMatchObject({ stage: 'awaiting-reply', replied: false });

      const again = await startLeadRouting(engine.client, 'spring-leads', [id]);
      expect(again).toEqual({ started: [], running: [], finished: [contactWorkflowId('lead-routing', 'spring-leads', id)] });
      await followUp.terminate('test over');

      const mails = (await engine.smtp.messages()).filter((m) => m.to.includes('hot@example.com'));
      expect(mails).toHaveLength(1);
      const mail = mails[0]!;
      expect(mail.parsed.text).toContain(pack.responseCode);
      expect(mail.parsed.attachments.length).toBeGreaterThanOrEqual(3);
      expect(mail.parsed.attachments.every((a) => a.contentType === 'application/pdf')).toBe(true);
    });
    const files = await engine.printFiles();
    expect(files.some((f) => f.endsWith('.pdf'))).toBe(true);
    expect(files.some((f) => f.endsWith('.csv'))).toBe(true);
    const funnel = await readFunnel(engine.db.pool, 'spring-leads');
    expect(funnel.stages).toMatchObject({ targeted: 2, sent: 2, delivered: 2 });
  });

  it('a reply that comes back before the pack hands over is kept, and the pack still completes', async () => {
    const id = await insertContact(engine.db.pool, {
      stage: 'prospect',
      heat: 'high',
      email: 'quick@example.com',
      screening: { models: ['SEDAN-L'] },
    });
    await engine.withWorker(async () => {
      await registerCampaign(engine.db.pool, { id: 'quick-leads', kind: 'lead-routing' }, [id]);
      const card = await engine.activities.issueReplyCard('quick-leads', id); // the card the pack will carry
      expect(await submitReply(engine.client, card.responseCode, { notInterested: true, reason: 'just bought one', via: 'qr' })).toMatchObject({ accepted: true });
      await startLeadRouting(engine.client, 'quick-leads', [id]);
      await engine.client.temporal.workflow.getHandle(contactWorkflowId('lead-routing', 'quick-leads', id)).result();
      const pack = await engine.client.temporal.workflow.getHandle(contactWorkflowId('hot-lead-pack', 'quick-leads', id)).result();
      expect(pack.responseCode).toBe(card.responseCode);
      const end = await engine.client.temporal.workflow.getHandle(contactWorkflowId('reply-follow-up', 'quick-leads', id)).result();
      expect(end).toEqual({ state: 'lost', reason: 'just bought one' });
    });
  });
});
