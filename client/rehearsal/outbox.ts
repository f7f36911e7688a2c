/**
 * The rehearsal's outbox: stand-ins for the SMTP relay, the letter shop and the call centre behind
 * the same adapter interfaces the worker uses, so the real activities run unchanged and nothing
 * leaves the machine. E-mails go through the real SMTP adapter to an SMTP server in this process
 * that counts and drops them; print jobs go to a folder in the rehearsal's temporary directory;
 * call tasks are recorded and answered by the rehearsal (responses.ts). Each records the virtual
 * time of the piece, keyed by the provider id the deliveries table keeps.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { CallService, CallTaskPayload } from '../../adapters/call-centre.js';
import { createFolderLetterShop, type LetterShop } from '../../adapters/letter-shop.js';
import type { Mailer } from '../../adapters/mailer.js';
import { activityTime } from './virtual-time.js';

/** A call task as the call centre received it, with its own id. */
export interface ReceivedCall extends CallTaskPayload {
  taskId: string;
  /** Virtual time the task was created. */
  at: number;
}

export interface Outbox {
  /** Virtual send time by provider id (Message-ID, print piece id, call task id). */
  sentAt: Map<string, number>;
  /** Call tasks in the order received; the rehearsal answers them. */
  calls: ReceivedCall[];
  /** Messages the local SMTP server took. */
  emailsReceived(): number;
  close(): Promise<void>;
}

/** An SMTP server on loopback, port from the system, that counts messages and keeps none. */
export async function startCountingSmtp(): Promise<{ port: number; count(): number; close(): Promise<void> }> {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received++;
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    port: (server.server.address() as AddressInfo).port,
    count: () => received,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

/** Records each e-mail the real SMTP adapter got through, at its virtual time. */
export function recordingMailer(mailer: Mailer, sentAt: Map<string, number>): Mailer {
  return {
    async send(mail) {
      const outcome = await mailer.send(mail);
      if (outcome.kind === 'sent') sentAt.set(mail.messageId, activityTime());
      return outcome;
    },
    close: () => mailer.close(),
  };
}

/** A letter shop that is a folder of the rehearsal's, recording each piece of a job taken. */
export function recordingLetterShop(dir: string, sentAt: Map<string, number>): LetterShop {
  const shop = createFolderLetterShop(dir);
  return {
    async submit(job) {
      const outcome = await shop.submit(job);
      if (outcome.kind === 'accepted') for (const row of job.rows) sentAt.set(row.pieceId, activityTime());
      return outcome;
    },
  };
}

/** A call centre that takes every task (once per idempotency key, as the real one) and keeps it. */
export function recordingCallCentre(calls: ReceivedCall[], sentAt: Map<string, number>): CallService {
  const byKey = new Map<string, ReceivedCall>();
  return {
    async createTask(idempotencyKey, task) {
      const known = byKey.get(idempotencyKey);
      if (known) return { kind: 'created', taskId: known.taskId };
      const call: ReceivedCall = { ...task, taskId: `rehearsal-call-${calls.length + 1}`, at: activityTime() };
      byKey.set(idempotencyKey, call);
      calls.push(call);
      sentAt.set(call.taskId, call.at);
      return { kind: 'created', taskId: call.taskId };
    },
  };
}
