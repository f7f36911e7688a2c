/**
 * The broadcast benchmark's SMTP server: accepts and discards every message, counting them, in a
 * process of its own. A real relay never shares the sender's CPU, so neither does this one: run
 * in the benchmark's process it would take a third of the core the sender is measured on.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { SMTPServer } from 'smtp-server';

export interface SmtpSink {
  port: number;
  /** Messages accepted so far, and their bytes. */
  count(): Promise<{ messages: number; bytes: number }>;
  close(): Promise<void>;
}

type Reply = { port: number } | { messages: number; bytes: number };

/** Forks this file as the sink; it answers `count` over the IPC channel. */
export async function startSmtpSinkProcess(): Promise<SmtpSink> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--serve'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = () =>
    new Promise<Reply>((ok, fail) => {
      const onExit = (code: number | null) => fail(new Error(`smtp sink exited with ${code}`));
      child.once('exit', onExit);
      child.once('message', (reply) => {
        child.off('exit', onExit);
        ok(reply as Reply);
      });
    });
  const { port } = (await next()) as { port: number };
  return {
    port,
    async count() {
      const reply = next();
      child.send('count');
      return (await reply) as { messages: number; bytes: number };
    },
    close: () =>
      new Promise<void>((ok) => {
        child.once('exit', () => ok());
        child.kill();
      }),
  };
}

async function serve(): Promise<void> {
  let received = 0;
  let bytes = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', (chunk: Buffer) => (bytes += chunk.length));
      stream.on('end', () => {
        received++;
        callback();
      });
    },
  });
  server.on('error', () => undefined); // a client that resets its connection
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  process.on('message', () => process.send?.({ messages: received, bytes }));
  process.on('disconnect', () => process.exit(0));
  process.send?.({ port: (server.server.address() as AddressInfo).port });
}

if (process.argv.includes('--serve') && process.send) void serve();
