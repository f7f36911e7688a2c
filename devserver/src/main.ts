// Entry point of bin/devserver.
import { parseArgs } from './cli-args.js';
import { startDevServer } from './server.js';

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const server = await startDevServer({ ...opts, trimMemoryWhenIdle: true });
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // --exit-with-parent: a supervisor that keeps Ctrl-C away from the server (its own process group)
  // holds our stdin open; when it is gone, however it went, the stdin closes and so do we.
  if (process.argv.includes('--exit-with-parent')) {
    process.stdin.on('end', stop);
    process.stdin.on('close', stop);
    process.stdin.resume();
  }
  // The time-skipping server belongs to the test run that started it: when that process dies
  // without tearing it down (a crashed or killed test worker), the server goes too.
  if (opts.timeSkipping) {
    const parent = process.ppid; // read once at start: it is not updated when we are re-parented
    setInterval(() => {
      try {
        process.kill(parent, 0); // signal 0 only asks whether the process is there
      } catch {
        stop();
      }
    }, 1000).unref();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`devserver: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
