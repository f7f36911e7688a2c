import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageIdFor } from '../../adapters/mailer.js';
import { TransientSendError } from '../../activities/errors.js';
import type { PieceRequest } from '../../activities/types.js';
import { deliveryKey } from '../../lib/delivery-key.js';
import { verifyUnsubscribeToken } from '../../lib/unsubscribe-token.js';
import { activityFixture, type ActivityFixture } from '../helpers/activities.js';
import { insertCampaign, insertContact } from '../helpers/seed.js';

let fx: ActivityFixture;
beforeAll(async () => {
  fx = await activityFixture();
  await insertCampaign(fx.db.pool, 'spring-2026', 'hot-lead-pack');
});
afterAll(async () => fx?.close());

const piece = (contactId: number, step: string, template = 'hot-lead-pack'): PieceRequest => ({
  idempotencyKey: deliveryKey('spring-2026', contactId, step, 'email'),
  campaignId: 'spring-2026',
  contactId,
  step,
  template,
});

async function messagesTo(address: string) {
  return (await fx.smtp.messages()).filter((m) => m.to.includes(address));
}

async function row(key: string) {
  return (await fx.db.pool.query('SELECT status, reason, attempts, provider_id FROM deliveries WHERE idempotency_key = $1', [key])).rows[0];
}

describe('sendEmailPiece', () => {
  it('sends once per key; a repeat returns the recorded result and sends nothing', async () => {
    const id = await insertContact(fx.db.pool, { email: 'once@example.com' });
    const card = await fx.activities.issueReplyCard('spring-2026', id);
    const p = { ...piece(id, 'pack'), data: { replyCard: card } };
    const first = await fx.activities.sendEmailPiece(p);
    const second = await fx.activities.sendEmailPiece(p);
    expect(first).toMatchObject({ status: 'sent', repeated: false, providerId: messageIdFor(p.idempotencyKey, fx.config.MESSAGE_ID_DOMAIN) });
    expect(second).toEqual({ ...first, repeated: true });
    const received = await messagesTo('once@example.com');
    expect(received).toHaveLength(1);
    const m = received[0]!.parsed;
    expect(m.messageId).toBe(first.providerId);
    expect(m.text).toContain(card.responseCode);
    const unsubscribe = /<([^>]+)>/.exec(String(m.headers.get('list-unsubscribe') ?? ''))?.[1] ?? String((m.headers.get('list') as { unsubscribe?: { url?: string } })?.unsubscribe?.url);
    const token = new URL(unsubscribe).searchParams.get('token') ?? '';
    expect(verifyUnsubscribeToken(fx.config.UNSUBSCRIBE_SECRET, token)).toEqual({ contactId: id, channel: 'email', campaignId: 'spring-2026' });
  });

  it('sends one message when the same key is sent twice at once', async () => {
    const id = await insertContact(fx.db.pool, { email: 'race@example.com' });
    const p = piece(id, 'pack');
    const results = await Promise.allSettled([fx.activities.sendEmailPiece(p), fx.activities.sendEmailPiece(p)]);
    expect(results.filter((r) => r.status === 'fulfilled' && r.value.status === 'sent')).not.toHaveLength(0);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(TransientSendError);
    expect(await messagesTo('race@example.com')).toHaveLength(1);
  });

  it('skips, with the reason, a contact without consent or suppressed at the moment of sending', async () => {
    const noConsent = await insertContact(fx.db.pool, { consentEmail: false });
    expect(await fx.activities.sendEmailPiece(piece(noConsent, 'pack'))).toMatchObject({ status: 'skipped', reason: 'no consent for email' });
    const unsubscribed = await insertContact(fx.db.pool, { email: 'gone@example.com' });
    await fx.db.pool.query(`INSERT INTO suppressions (channel, contact_id, reason) VALUES ('email', $1, 'unsubscribe')`, [unsubscribed]);
    expect(await fx.activities.sendEmailPiece(piece(unsubscribed, 'pack'))).toMatchObject({ status: 'skipped', reason: 'suppressed: unsubscribe' });
    const dnc = await insertContact(fx.db.pool);
    await fx.db.pool.query(`INSERT INTO suppressions (channel, contact_id, reason) VALUES ('all', $1, 'do-not-contact')`, [dnc]);
    expect(await fx.activities.sendEmailPiece(piece(dnc, 'pack'))).toMatchObject({ status: 'skipped', reason: 'suppressed: do-not-contact' });
    expect(await messagesTo('gone@example.com')).toHaveLength(0);
  });

  it('records an unknown mailbox as failed and suppresses the address for every later send', async () => {
    const id = await insertContact(fx.db.pool, { email: 'nobody@example.com' });
    fx.smtp.fault('nobody@example.com', 'mailbox-unknown');
    const result = await fx.activities.sendEmailPiece(piece(id, 'pack'));
    expect(result).toMatchObject({ status: 'failed', repeated: false });
    expect(result.reason).toMatch(/smtp 550/);
    const { rows } = await fx.db.pool.query(`SELECT reason FROM suppressions WHERE address = 'nobody@example.com' AND channel = 'email'`);
    expect(rows).toEqual([{ reason: 'bounce' }]);
    expect(await fx.activities.sendEmailPiece(piece(id, 'reminder'))).toMatchObject({ status: 'skipped', reason: 'suppressed: bounce' });
  });

  it('throws a retryable error on a 4xx, keeps the row queued, and the retry sends it', async () => {
    const id = await insertContact(fx.db.pool, { email: 'busy@example.com' });
    fx.smtp.fault('busy@example.com', 'busy');
    const p = piece(id, 'pack');
    await expect(fx.activities.sendEmailPiece(p)).rejects.toBeInstanceOf(TransientSendError);
    expect(await row(p.idempotencyKey)).toMatchObject({ status: 'queued', attempts: 1 });
    expect(await fx.activities.sendEmailPiece(p)).toMatchObject({ status: 'sent', repeated: true });
    expect(await row(p.idempotencyKey)).toMatchObject({ status: 'sent', attempts: 2, reason: null });
  });

  it('resends after a connection dropped mid-DATA with the same Message-ID', async () => {
    const id = await insertContact(fx.db.pool, { email: 'drop@example.com' });
    fx.smtp.fault('drop@example.com', 'drop-mid-data');
    const p = piece(id, 'pack');
    await expect(fx.activities.sendEmailPiece(p)).rejects.toBeInstanceOf(TransientSendError);
    const sent = await fx.activities.sendEmailPiece(p);
    const ids = fx.smtp.attempts().filter((a) => a.to.includes('drop@example.com')).map((a) => a.messageId);
    expect(ids).toEqual([sent.providerId, sent.providerId]);
    expect(await messagesTo('drop@example.com')).toHaveLength(1);
  });

  it('times out a stalled server, then the retry sends', async () => {
    const id = await insertContact(fx.db.pool, { email: 'stall@example.com' });
    fx.smtp.fault('stall@example.com', 'stall');
    const p = piece(id, 'pack');
    await expect(fx.activities.sendEmailPiece(p)).rejects.toBeInstanceOf(TransientSendError);
    expect(await fx.activities.sendEmailPiece(p)).toMatchObject({ status: 'sent' });
  });

  it('records a template error as failed without sending', async () => {
    const id = await insertContact(fx.db.pool, { email: 'broken@example.com' });
    const result = await fx.activities.sendEmailPiece(piece(id, 'pack', 'broken'));
    expect(result.status).toBe('failed');
    expect(result.reason).toMatch(/^render: /);
    expect(await messagesTo('broken@example.com')).toHaveLength(0);
  });

  it('waits out the lease of a crashed attempt, then resends under the same Message-ID', async () => {
    const id = await insertContact(fx.db.pool, { email: 'crash@example.com' });
    const p = piece(id, 'pack');
    // A worker claimed the key and died before recording anything.
    await fx.db.pool.query(
      `INSERT INTO deliveries (idempotency_key, campaign_id, contact_id, step, channel, attempts, lease_until)
       VALUES ($1, 'spring-2026', $2, 'pack', 'email', 1, now() + interval '1 minute')`,
      [p.idempotencyKey, id],
    );
    await expect(fx.activities.sendEmailPiece(p)).rejects.toThrow(/another attempt/);
    expect(await messagesTo('crash@example.com')).toHaveLength(0);
    await fx.db.pool.query(`UPDATE deliveries SET lease_until = now() - interval '1 second' WHERE idempotency_key = $1`, [p.idempotencyKey]);
    const result = await fx.activities.sendEmailPiece(p);
    expect(result).toMatchObject({ status: 'sent', repeated: true, providerId: messageIdFor(p.idempotencyKey, fx.config.MESSAGE_ID_DOMAIN) });
    expect(await row(p.idempotencyKey)).toMatchObject({ attempts: 2 });
  });
});
