// Entry point of bin/devserver.
import { parseArgs } from './cli-args.js';
import { startDevServer } from './server.js';

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const server = await startDevServer(opts);
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
}

main().catch((err: unknown) => {
  process.stderr.write(`devserver: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
