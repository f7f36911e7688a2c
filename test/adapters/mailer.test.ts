import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifySmtpError, createSmtpMailer, messageIdFor, type Mailer, type OutgoingEmail } from '../../adapters/mailer.js';
import { testConfig } from '../../lib/config.js';
import { startSmtpCapture, type SmtpCapture } from '../helpers/smtp.js';

let smtp: SmtpCapture;
let mailer: Mailer;

function mail(to: string, key: string): OutgoingEmail {
  return {
    to,
    subject: '新年快乐 Happy New Year',
    html: '<p>亲爱的王先生</p>',
    text: '亲爱的王先生',
    attachments: [{ filename: 'price-list.pdf', content: Buffer.from('%PDF-1.4 test'), contentType: 'application/pdf' }],
    messageId: messageIdFor(key, 'test.local'),
    unsubscribeUrl: 'https://crm.example.com/unsubscribe/abc.def',
  };
}

beforeAll(async () => {
  smtp = await startSmtpCapture();
  mailer = createSmtpMailer({
    ...testConfig({ SMTP_PORT: String(smtp.port), SMTP_TIMEOUT_MS: '1500', SMTP_DATA_TIMEOUT_MS: '4000', SMTP_MAX_CONNECTIONS: '2' }),
  });
});
afterAll(async () => {
  mailer?.close();
  await smtp?.close();
});

describe('SMTP mailer', () => {
  it('derives a stable Message-ID from the idempotency key', () => {
    expect(messageIdFor('c/1/pack/email', 'd.x')).toBe(messageIdFor('c/1/pack/email', 'd.x'));
    expect(messageIdFor('c/1/pack/email', 'd.x')).not.toBe(messageIdFor('c/2/pack/email', 'd.x'));
    expect(messageIdFor('c/1/pack/email', 'd.x')).toMatch(/^<[0-9a-f]{40}@d\.x>$/);
  });

  it('sends both parts, the attachment, the Message-ID and one-click unsubscribe headers', async () => {
    const m = mail('wang@example.com', 'k-1');
    const outcome = await mailer.send(m);
    expect(outcome).toMatchObject({ kind: 'sent', messageId: m.messageId });
    const [received] = (await smtp.messages()).filter((x) => x.to.includes('wang@example.com'));
    expect(received?.parsed.subject).toBe('新年快乐 Happy New Year');
    expect(received?.parsed.text?.trim()).toBe('亲爱的王先生');
    expect(received?.parsed.html).toContain('亲爱的王先生');
    expect(received?.parsed.messageId).toBe(m.messageId);
    expect(received?.parsed.attachments.map((a) => a.filename)).toEqual(['price-list.pdf']);
    expect(String(received?.raw)).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(received?.parsed.headers.get('list')).toMatchObject({ unsubscribe: { url: 'https://crm.example.com/unsubscribe/abc.def' } });
    expect(String(received?.raw)).toMatch(/^List-Unsubscribe: <https:\/\/crm\.example\.com\/unsubscribe\/abc\.def>/m);
  });

  it('reuses pooled connections across many sends', async () => {
    const before = smtp.connectionCount();
    const outcomes = await Promise.all(Array.from({ length: 10 }, (_, i) => mailer.send(mail(`pool${i}@example.com`, `pool-${i}`))));
    expect(outcomes.every((o) => o.kind === 'sent')).toBe(true);
    expect(smtp.connectionCount() - before).toBeLessThanOrEqual(2);
  });

  it('reports a 4xx as transient', async () => {
    smtp.fault('busy@example.com', 'busy');
    expect(await mailer.send(mail('busy@example.com', 'busy'))).toMatchObject({ kind: 'transient', code: 451 });
  });

  it('reports an unknown mailbox as permanent and bad', async () => {
    smtp.fault('nobody@example.com', 'mailbox-unknown');
    expect(await mailer.send(mail('nobody@example.com', 'nobody'))).toMatchObject({ kind: 'permanent', code: 550, badMailbox: true });
  });

  it('reports a refused message as permanent but not a bad mailbox', async () => {
    smtp.fault('spam@example.com', 'rejected');
    expect(await mailer.send(mail('spam@example.com', 'spam'))).toMatchObject({ kind: 'permanent', code: 554, badMailbox: false });
  });

  it('reports a connection dropped mid-DATA as transient; the resend carries the same Message-ID', async () => {
    smtp.fault('drop@example.com', 'drop-mid-data');
    const m = mail('drop@example.com', 'drop');
    expect((await mailer.send(m)).kind).toBe('transient');
    expect((await mailer.send(m)).kind).toBe('sent');
    const ids = smtp.attempts().filter((a) => a.to.includes('drop@example.com')).map((a) => a.messageId);
    expect(ids).toEqual([m.messageId, m.messageId]);
  });

  it("gives up on a server that never answers the message's end after SMTP_DATA_TIMEOUT_MS", async () => {
    smtp.fault('stall@example.com', 'stall');
    const started = Date.now();
    const outcome = await mailer.send(mail('stall@example.com', 'stall'));
    expect(outcome.kind).toBe('transient');
    expect(Date.now() - started).toBeGreaterThanOrEqual(3900);
    expect(Date.now() - started).toBeLessThan(7000);
    expect((await mailer.send(mail('stall@example.com', 'stall'))).kind).toBe('sent');
  });

  it("waits for a slow relay's reply to the message's end: each message arrives once", async () => {
    // The relay answers the final dot after 2.5 s, longer than SMTP_TIMEOUT_MS (1.5 s), shorter
    // than SMTP_DATA_TIMEOUT_MS (4 s); it keeps the message even if the client gives up.
    const slow = ['ann@slow.example', 'bob@slow.example', 'cai@slow.example'];
    for (const to of slow) smtp.fault(to, 'slow-reply', 1, 2500);
    const sent = slow.map((to) => mail(to, `slow-${to}`));
    const outcomes = await Promise.all(sent.map((m) => mailer.send(m)));
    expect(outcomes.map((o) => o.kind)).toEqual(['sent', 'sent', 'sent']);
    const received = (await smtp.messages()).filter((m) => m.to[0]!.endsWith('@slow.example'));
    expect(received.map((m) => m.parsed.messageId).sort()).toEqual(sent.map((m) => m.messageId).sort());
    expect(smtp.attempts().filter((a) => a.to[0]!.endsWith('@slow.example'))).toHaveLength(3);
  });

  it('still gives up on a command the server never answers after SMTP_TIMEOUT_MS', async () => {
    // The pool moves a message whose envelope timed out on a reused connection to a fresh one
    // (nothing of it was sent): two command timeouts, well short of the 4 s end-of-data wait.
    smtp.fault('mute@example.com', 'stall-rcpt', 2);
    const started = Date.now();
    expect(await mailer.send(mail('mute@example.com', 'mute'))).toMatchObject({ kind: 'transient', reason: expect.stringMatching(/timeout/i) });
    expect(Date.now() - started).toBeLessThan(3900);
    expect(smtp.attempts().filter((a) => a.to.includes('mute@example.com'))).toHaveLength(0);
  });

  it('reports an address it cannot write as a permanent, bad mailbox without sending', async () => {
    const before = (await smtp.messages()).length;
    expect(await mailer.send(mail('wang at example.com', 'no-at'))).toMatchObject({ kind: 'permanent', badMailbox: true, reason: 'to: "wang at example.com" is not an e-mail address' });
    expect((await smtp.messages()).length).toBe(before);
  });

  it('refuses to start with a sender address it cannot use', () => {
    expect(() => createSmtpMailer(testConfig({ MAIL_FROM: 'Campaign Engine' }))).toThrow('MAIL_FROM: "Campaign Engine" is not an e-mail address');
  });

  it('classifies network errors without a reply code as transient', () => {
    expect(classifySmtpError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNECTION' }))).toMatchObject({ kind: 'transient' });
  });

  it('keeps to the configured rate across the pool', async () => {
    const limited = createSmtpMailer(testConfig({ SMTP_PORT: String(smtp.port), SMTP_RATE_PER_SECOND: '4', SMTP_MAX_CONNECTIONS: '2' }));
    try {
      const started = Date.now();
      const outcomes = await Promise.all(Array.from({ length: 6 }, (_, i) => limited.send(mail(`rate${i}@example.com`, `rate-${i}`))));
      expect(outcomes.every((o) => o.kind === 'sent')).toBe(true);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900); // 6 messages at 4 a second
    } finally {
      limited.close();
    }
  });
});
