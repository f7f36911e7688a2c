/**
 * A real SMTP server on loopback (smtp-server, port from the system) that keeps what it receives
 * and can misbehave on request: 4xx, unknown mailbox (550), a connection dropped in the middle of
 * DATA, a stall that never answers, a command that never answers, or a slow relay that answers the
 * message's end only after a while (and keeps the message even if the client has gone).
 */
import type { Socket } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export type SmtpFault =
  /** 451 at RCPT TO: try again later. */
  | 'busy'
  /** 550 5.1.1 at RCPT TO: no such mailbox. */
  | 'mailbox-unknown'
  /** 554 after DATA: message refused (permanent, not a mailbox problem). */
  | 'rejected'
  /** Read part of the message, then cut the connection. */
  | 'drop-mid-data'
  /** Read the message and never answer. */
  | 'stall'
  /** Never answer RCPT TO. */
  | 'stall-rcpt'
  /** Read the message and accept it only after the fault's delay: a slow relay. */
  | 'slow-reply';

export interface ReceivedMessage {
  from: string;
  to: string[];
  raw: Buffer;
  parsed: ParsedMail;
}

export interface SmtpCapture {
  port: number;
  host: string;
  /** Messages fully received and accepted, parsed, in arrival order. */
  messages(): Promise<ReceivedMessage[]>;
  /** Every DATA attempt seen, including dropped or refused ones (their Message-IDs, for retries). */
  attempts(): SmtpAttempt[];
  /** Faults the next `times` messages to `recipient` ('*' for anyone); default once. */
  fault(recipient: string, fault: SmtpFault, times?: number, delayMs?: number): void;
  /** Connections opened so far: shows the pool reusing connections. */
  connectionCount(): number;
  close(): Promise<void>;
}

export interface SmtpAttempt {
  to: string[];
  fault: SmtpFault | null;
  /** The Message-ID header of what was received of the message, if it got that far. */
  messageId?: string;
}

interface Rule {
  recipient: string;
  fault: SmtpFault;
  left: number;
  /** For 'slow-reply': how long the reply to the message's end takes. */
  delayMs: number;
}

const AT_RCPT: SmtpFault[] = ['busy', 'mailbox-unknown', 'stall-rcpt'];

export async function startSmtpCapture(): Promise<SmtpCapture> {
  const raws: { from: string; to: string[]; raw: Buffer }[] = [];
  const attempts: SmtpAttempt[] = [];
  const rules: Rule[] = [];
  // smtp-server keeps its SMTPConnection objects in `connections` but gives no socket to the
  // hooks; a dropped connection needs the socket itself.
  type Internal = { connections: Set<{ id: string; _socket: Socket }> };
  const socketOf = (id: string): Socket | undefined => [...(server as unknown as Internal).connections].find((c) => c.id === id)?._socket;
  let connections = 0;

  const takeRule = (to: string[], where: 'rcpt' | 'data'): Rule | null => {
    const rule = rules.find((r) => r.left > 0 && (r.recipient === '*' || to.includes(r.recipient)) && AT_RCPT.includes(r.fault) === (where === 'rcpt'));
    if (!rule) return null;
    rule.left -= 1;
    return rule;
  };
  const take = (to: string[], where: 'rcpt' | 'data'): SmtpFault | null => takeRule(to, where)?.fault ?? null;
  const recipients = (session: SMTPServerSession): string[] => session.envelope.rcptTo.map((a) => a.address.toLowerCase());

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 100,
    onConnect(session, callback) {
      connections += 1;
      callback();
    },
    onRcptTo(address, session, callback) {
      const fault = take([address.address.toLowerCase()], 'rcpt');
      if (fault === 'busy') return callback(Object.assign(new Error('4.3.2 try again later'), { responseCode: 451 }));
      if (fault === 'mailbox-unknown') return callback(Object.assign(new Error('5.1.1 mailbox unknown'), { responseCode: 550 }));
      if (fault === 'stall-rcpt') return; // never answer: the client's command timeout must fire
      callback();
    },
    onData(stream, session, callback) {
      const to = recipients(session);
      const rule = takeRule(to, 'data');
      const fault = rule?.fault ?? null;
      const attempt: SmtpAttempt = { to, fault };
      attempts.push(attempt);
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        attempt.messageId ??= /^Message-ID:\s*(<[^>]+>)/im.exec(Buffer.concat(chunks).toString('latin1'))?.[1];
        if (fault === 'drop-mid-data' && size > 0) socketOf(session.id)?.destroy();
      });
      stream.on('end', () => {
        if (fault === 'drop-mid-data') return;
        if (fault === 'stall') return; // never answer: the client's socket timeout must fire
        if (fault === 'rejected') return callback(Object.assign(new Error('5.7.1 message refused'), { responseCode: 554 }));
        const accept = (): void => {
          raws.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to, raw: Buffer.concat(chunks) });
          callback();
        };
        // A slow relay keeps the message once it has taken it, whether or not the client still waits.
        if (fault === 'slow-reply') setTimeout(accept, rule?.delayMs ?? 0);
        else accept();
      });
    },
  });
  const internal = server as unknown as Internal;
  // A client that goes away mid-session (a killed worker) resets its connection: not a test failure.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    port,
    host: '127.0.0.1',
    async messages() {
      return Promise.all(raws.map(async (m) => ({ ...m, parsed: await simpleParser(m.raw) })));
    },
    attempts: () => attempts.slice(),
    fault(recipient, fault, times = 1, delayMs = 0) {
      rules.push({ recipient: recipient.toLowerCase(), fault, left: times, delayMs });
    },
    connectionCount: () => connections,
    async close() {
      for (const c of internal.connections) c._socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
