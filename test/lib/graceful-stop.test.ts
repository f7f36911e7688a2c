/**
 * Ctrl-C as a terminal sends it, to the whole process group of a script run by the tsx CLI (which
 * relays it again): one press stops gracefully even when the signal arrives twice, and the SDK's
 * handling does not cut the stop short; a second press forces the exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
const script = fileURLToPath(new URL('./fixtures/stops-gracefully.ts', import.meta.url));

async function started(stopMs: number): Promise<{ child: ChildProcess; output: () => string; exited: Promise<number | null> }> {
  // Its own process group, as a terminal's foreground job: a signal to -pid reaches tsx and the script.
  const child = spawn(tsx, [script], { detached: true, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, STOP_MS: String(stopMs) } });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : null))));
  const deadline = Date.now() + 20_000;
  while (!out.includes('ready') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  expect(out).toContain('ready');
  return { child, output: () => out, exited };
}

const ctrlC = (child: ChildProcess): boolean => process.kill(-child.pid!, 'SIGINT');

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('a stop signal that arrives more than once', () => {
  it('one Ctrl-C stops gracefully, though the signal comes twice', async () => {
    const { child, output, exited } = await started(400);
    ctrlC(child);
    await sleep(20);
    ctrlC(child); // the same press relayed again, as tsx does when the script is slow to answer
    expect(await exited).toBe(0);
    expect(output()).toBe('ready\nstopping\nstopped\n');
  });

  it('SIGTERM, as a process manager stops it, stops gracefully too', async () => {
    const { child, output, exited } = await started(400);
    process.kill(child.pid!, 'SIGTERM');
    expect(await exited).toBe(0);
    expect(output()).toBe('ready\nstopping\nstopped\n');
  });

  it('a second Ctrl-C while a long stop goes on forces the exit', async () => {
    const { child, output, exited } = await started(10_000);
    ctrlC(child);
    await sleep(800); // a second press, not the first one relayed
    ctrlC(child);
    expect(await exited).toBe(130);
    expect(output()).toBe('ready\nstopping\nforced by SIGINT\n');
  });
});
