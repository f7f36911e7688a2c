// npm run bench:devserver — 1,000 workflows (3 activities and a 1 s timer each) started at once
// against one worker in another process; prints throughput, latency, CPU and memory.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { devserverPath } from '../src/index.js';

const WORKFLOWS = Number(process.env.BENCH_WORKFLOWS ?? 1000);
const TICKS_PER_SEC = 100; // Linux USER_HZ
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 15_000);
const TRIVIAL_WARM_UP = 300;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** CPU milliseconds used so far by a process (user + system). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SEC;
}
function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

async function connect(address: string): Promise<Connection> {
  for (let i = 0; ; i++) {
    try {
      const c = await Connection.connect({ address, connectTimeout: 500 });
      await c.workflowService.getSystemInfo({});
      return c;
    } catch (err) {
      if (i > 100) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function main(): Promise<void> {
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  // Node flags for the server only, e.g. BENCH_SERVER_NODE_FLAGS=--cpu-prof to profile it.
  const nodeFlags = (process.env.BENCH_SERVER_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const server = spawn(process.execPath, [...nodeFlags, devserverPath, 'server', 'start-dev', '--port', String(port), '--ip', '127.0.0.1', '--headless', '--log-level', 'error'], { stdio: 'inherit' });
  let worker: ChildProcess | undefined;
  try {
    const connection = await connect(address);
    const client = new Client({ connection });
    const taskQueue = 'bench';
    const workerFlags = (process.env.BENCH_WORKER_NODE_FLAGS ?? '').split(' ').filter(Boolean);
    worker = fork(fileURLToPath(new URL('./worker.ts', import.meta.url)), [address, taskQueue], { execArgv: [...workerFlags, '--import', 'tsx'], stdio: 'inherit' });
    await new Promise<void>((resolve, reject) => {
      worker!.once('message', () => resolve());
      worker!.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
    });

    // Warm up, and measure a trivial workflow's start-to-result latency once the JIT has done
    // its work in all three processes (the first few hundred run at about twice the latency).
    const trivial: number[] = [];
    for (let i = 0; i < TRIVIAL_WARM_UP + 100; i++) {
      const t = performance.now();
      await client.workflow.execute('trivial', { taskQueue, workflowId: `trivial-${i}` });
      if (i >= TRIVIAL_WARM_UP) trivial.push(performance.now() - t);
    }
    trivial.sort((a, b) => a - b);
    // The measured kind too, a hundred at once, so its code paths are compiled before the clock starts.
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => client.workflow.execute('threeStepsAndTimer', { taskQueue, workflowId: `warm-up-${i}`, args: [i] })),
    );

    const rssBefore = rssMiB(server.pid!);
    const serverCpu0 = cpuMs(server.pid!);
    const workerCpu0 = cpuMs(worker.pid!);
    const clientCpu0 = process.cpuUsage();
    const t0 = performance.now();
    const latencies = await Promise.all(
      Array.from({ length: WORKFLOWS }, async (_, i) => {
        const start = performance.now();
        const handle = await client.workflow.start('threeStepsAndTimer', { taskQueue, workflowId: `bench-${i}`, args: [i] });
        const result = await handle.result();
        if (result !== i + 3) throw new Error(`workflow ${i} returned ${result}`);
        return performance.now() - start;
      }),
    );
    const elapsedS = (performance.now() - t0) / 1000;
    const serverCpu = (cpuMs(server.pid!) - serverCpu0) / WORKFLOWS;
    const workerCpu = (cpuMs(worker.pid!) - workerCpu0) / WORKFLOWS;
    const { user, system } = process.cpuUsage(clientCpu0);
    const clientCpu = (user + system) / 1000 / WORKFLOWS;
    const rssEnd = rssMiB(server.pid!);
    latencies.sort((a, b) => a - b);
    // Memory is read again after the server has idled a while, so the figure is what it keeps
    // (its heap, and the pages V8 and malloc hold on to), not a peak caught mid-burst.
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const rssSettled = rssMiB(server.pid!);
    await connection.close();
    console.log(`trivial workflow start-to-result: p50 ${percentile(trivial, 50).toFixed(1)} ms, p99 ${percentile(trivial, 99).toFixed(1)} ms`);
    console.log(`client cpu (this process: starts and result waits): ${clientCpu.toFixed(2)} ms/wf`);
    console.log(
      `server rss: ${rssBefore.toFixed(0)} MiB before, ${rssEnd.toFixed(0)} MiB at the end of the run, ${rssSettled.toFixed(0)} MiB ${SETTLE_MS / 1000} s later`,
    );
    console.log(
      `devserver: ${(WORKFLOWS / elapsedS).toFixed(0)} workflows/s, p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms, ` +
        `server cpu ${serverCpu.toFixed(2)} ms/wf, worker cpu ${workerCpu.toFixed(2)} ms/wf, rss ${rssSettled.toFixed(0)} MiB`,
    );
  } finally {
    // The worker says goodbye to the server (ShutdownWorker) before the server goes.
    if (worker && worker.exitCode === null) {
      const exited = new Promise((resolve) => worker!.once('exit', resolve));
      worker.kill('SIGTERM');
      await exited;
    }
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
