/**
 * E-mail over SMTP (nodemailer), one pooled transport per process. Reports a typed outcome
 * instead of throwing; the activity decides what is retried. The Message-ID is derived from the
 * delivery's idempotency key, so a resend after an ambiguous failure carries the same id and the
 * receiving side can tell it is the same message.
 */
import { createHash } from 'node:crypto';
import MimeNode from 'nodemailer/lib/mime-node';
import SMTPPool from 'nodemailer/lib/smtp-pool';
import type { Config } from '../lib/config.js';
import type { Logger } from '../lib/logger.js';
import { withReplyWait } from './smtp-reply-wait.js';
import { buildMimeMessage, InvalidAddressError, parseMailbox, type Mailbox, type MimeMessage } from './mime-message.js';

export interface MailAttachment {
  filename: string;
  content: Buffer | string;
  contentType?: string;
}

export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  attachments?: MailAttachment[];
  /** From `messageIdFor(idempotencyKey)`: the same key always gives the same id. */
  messageId: string;
  /** One-click unsubscribe URL (RFC 8058); added as List-Unsubscribe with List-Unsubscribe-Post. */
  unsubscribeUrl?: string;
}

export type MailOutcome =
  | { kind: 'sent'; messageId: string; response: string }
  /** Worth retrying: 4xx reply, timeout, connection lost (the message may or may not have arrived). */
  | { kind: 'transient'; code?: number; reason: string }
  /** Not worth retrying: 5xx reply. badMailbox means the address itself is bad (suppress it). */
  | { kind: 'permanent'; code?: number; reason: string; badMailbox: boolean };

export interface Mailer {
  send(mail: OutgoingEmail): Promise<MailOutcome>;
  /** Closes the pooled connections. */
  close(): void;
}

/** Message-ID for an idempotency key: stable, opaque, and valid as an RFC 5322 msg-id. */
export function messageIdFor(idempotencyKey: string, domain: string): string {
  const digest = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40);
  return `<${digest}@${domain}>`;
}

/** Replies that say the recipient mailbox does not exist or is not accepted here. */
const BAD_MAILBOX_CODES = new Set([550, 551, 553]);

interface SmtpError {
  message?: string;
  code?: string;
  responseCode?: number;
  command?: string;
  rejectedErrors?: { responseCode?: number }[];
}

/** Classifies a nodemailer error by its SMTP reply code; no code (network, timeout) is transient. */
export function classifySmtpError(err: unknown): Exclude<MailOutcome, { kind: 'sent' }> {
  const e = (err ?? {}) as SmtpError;
  const code = e.responseCode ?? e.rejectedErrors?.[0]?.responseCode;
  const reason = (e.message ?? String(err)).slice(0, 500);
  if (code && code >= 500) {
    const badMailbox = BAD_MAILBOX_CODES.has(code) && e.command === 'RCPT TO';
    return { kind: 'permanent', code, reason, badMailbox };
  }
  return { kind: 'transient', code, reason: e.code && !code ? `${e.code}: ${reason}` : reason };
}

export type SmtpSettings = Pick<
  Config,
  | 'SMTP_HOST'
  | 'SMTP_PORT'
  | 'SMTP_SECURE'
  | 'SMTP_USER'
  | 'SMTP_PASSWORD'
  | 'SMTP_MAX_CONNECTIONS'
  | 'SMTP_MAX_MESSAGES'
  | 'SMTP_RATE_PER_SECOND'
  | 'SMTP_TIMEOUT_MS'
  | 'SMTP_DATA_TIMEOUT_MS'
  | 'MAIL_FROM'
>;

/**
 * The bytes the mailer sends for an e-mail: the one-click unsubscribe headers added, the MIME
 * message built. Without `to` (a preview for a contact with no address) it is addressed to nobody.
 */
export function composeEmail(from: Mailbox, mail: Omit<OutgoingEmail, 'to'> & { to?: string; date?: Date }): MimeMessage {
  const headers: Record<string, string> = {};
  if (mail.unsubscribeUrl) {
    headers['List-Unsubscribe'] = `<${mail.unsubscribeUrl}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  return buildMimeMessage({ ...mail, from, headers });
}

/** A pooled SMTP mailer: connections are reused across sends and closed by `close()`. */
export function createSmtpMailer(config: SmtpSettings, log?: Logger): Mailer {
  const from = parseMailbox(config.MAIL_FROM, 'MAIL_FROM');
  // The pool itself, not nodemailer.createTransport(): its sendMail composes a MIME tree per
  // message (random boundary and Message-ID, a stream pipeline) even for a raw one, which cost a
  // third of a send's CPU for a message already built here.
  const options: SMTPPool.Options = {
    host: config.SMTP_HOST,
    port: config.SMTP_PORT,
    secure: config.SMTP_SECURE,
    auth: config.SMTP_USER ? { user: config.SMTP_USER, pass: config.SMTP_PASSWORD ?? '' } : undefined,
    maxConnections: config.SMTP_MAX_CONNECTIONS,
    maxMessages: config.SMTP_MAX_MESSAGES,
    ...(config.SMTP_RATE_PER_SECOND > 0 ? { rateLimit: config.SMTP_RATE_PER_SECOND, rateDelta: 1000 } : {}),
    // A stalled server must never hang a send: every phase has a deadline. Connecting, the
    // greeting and each command have the short one; the reply to the message's end, when the relay
    // may be accepting it already, waits as RFC 5321 asks, so a slow relay is not sent it twice.
    connectionTimeout: config.SMTP_TIMEOUT_MS,
    greetingTimeout: config.SMTP_TIMEOUT_MS,
    socketTimeout: config.SMTP_TIMEOUT_MS,
  };
  const pool = new SMTPPool(withReplyWait(options, config.SMTP_DATA_TIMEOUT_MS));
  return {
    async send(mail) {
      let message;
      try {
        message = composeEmail(from, mail);
      } catch (err) {
        if (!(err instanceof InvalidAddressError)) throw err;
        return { kind: 'permanent', reason: err.message, badMailbox: true };
      }
      try {
        const info = await poolSend(pool, message, mail.messageId);
        return { kind: 'sent', messageId: mail.messageId, response: String(info?.response ?? '') };
      } catch (err) {
        const outcome = classifySmtpError(err);
        log?.warn({ to: mail.to, messageId: mail.messageId, outcome }, 'smtp send failed');
        return outcome;
      }
    },
    close() {
      pool.close();
    },
  };
}

/**
 * Hands a built message to the pool the way nodemailer's mailer does, as a raw MIME node: the
 * pool writes the bytes as they are, and reports the Message-ID the node names.
 */
function poolSend(pool: SMTPPool, message: MimeMessage, messageId: string): Promise<SMTPPool.SentMessageInfo | undefined> {
  // A fixed base boundary: the node's own boundaries are never written for raw content, and a
  // random one costs a call into the system's random source per message.
  const node = new MimeNode('message/rfc822', { baseBoundary: 'raw' }).setRaw(message.raw);
  node.setEnvelope(message.envelope);
  node.setHeader('Message-ID', messageId);
  // The pool reads only the mail's MIME node and its (here empty) options.
  const mail = { data: {}, message: node } as unknown as Parameters<SMTPPool['send']>[0];
  return new Promise((resolve, reject) => {
    pool.send(mail, (err, info) => (err ? reject(err) : resolve(info)));
  });
}
