/**
 * The local run's mail server: a real SMTP server on loopback (smtp-server) that accepts every
 * message and keeps it as an .eml file in a folder, so a campaign manager can open exactly what a
 * contact would receive. Not for production: there the engine talks to an SMTP relay.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { SMTPServer } from 'smtp-server';

export interface SmtpOutbox {
  port: number;
  dir: string;
  /** Messages written since start. */
  count(): number;
  close(): Promise<void>;
}

/** A file name that sorts by arrival and is stable for a Message-ID (a resend overwrites itself). */
function fileName(raw: Buffer, arrived: Date): string {
  const messageId = /^message-id:\s*(.+)$/im.exec(raw.subarray(0, 8192).toString('utf8'))?.[1]?.trim() ?? '';
  const digest = createHash('sha256').update(messageId || raw).digest('hex').slice(0, 12);
  return `${arrived.toISOString().replace(/[:.]/g, '-')}-${digest}.eml`;
}

export async function startSmtpOutbox(options: { dir: string; port?: number; host?: string; onError?: (err: Error) => void }): Promise<SmtpOutbox> {
  const dir = resolve(options.dir);
  await mkdir(dir, { recursive: true });
  let written = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 25 * 1024 * 1024,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        writeFile(join(dir, fileName(raw, new Date())), raw).then(
          () => {
            written++;
            callback();
          },
          (err: Error) => callback(Object.assign(new Error(`451 outbox write failed: ${err.message}`), { responseCode: 451 })),
        );
      });
    },
  });
  // A sender that dies mid-session resets its connection; the outbox keeps serving the others.
  server.on('error', (err: Error) => options.onError?.(err));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => ok());
  });
  const port = (server.server.address() as AddressInfo).port;
  return { port, dir, count: () => written, close: () => new Promise<void>((ok) => server.close(() => ok())) };
}
