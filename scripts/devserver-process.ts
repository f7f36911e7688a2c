/**
 * Runs the project's Temporal development server as a child process, keeping its state in a
 * file so a restart finds every workflow, timer and schedule where it was.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';

const EXECUTABLE = fileURLToPath(new URL('../devserver/bin/devserver', import.meta.url));

export interface DevserverProcess {
  address: string;
  stop(): Promise<void>;
}

export async function startDevserver(options: { port: number; dbFile: string; namespace: string }): Promise<DevserverProcess> {
  mkdirSync(dirname(resolve(options.dbFile)), { recursive: true });
  // In a process group of its own, so the terminal's Ctrl-C reaches only the engine, which stops
  // its worker (saying goodbye to this server) before it stops the server. --exit-with-parent
  // makes the server go when the engine does, however it went (its stdin pipe closes).
  const child: ChildProcess = spawn(
    EXECUTABLE,
    ['server', 'start-dev', '--port', String(options.port), '--ip', '127.0.0.1', '--namespace', options.namespace,
      '--db-filename', resolve(options.dbFile), '--log-format', 'pretty', '--log-level', 'warn', '--headless', '--exit-with-parent'],
    { stdio: ['pipe', 'inherit', 'inherit'], detached: true },
  );
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const address = `127.0.0.1:${options.port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    const early = await Promise.race([exited, new Promise<'running'>((r) => setTimeout(() => r('running'), 200))]);
    if (early !== 'running') {
      throw new Error(`the development server exited (code ${early}); is port ${options.port} already in use? Set TEMPORAL_ADDRESS to use another server`);
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: '1 second' });
      await connection.close();
      break;
    } catch (err) {
      if (Date.now() > deadline) {
        child.kill('SIGTERM');
        throw new Error(`the development server did not answer on ${address}: ${(err as Error).message}`, { cause: err });
      }
    }
  }
  return {
    address,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
