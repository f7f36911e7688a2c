/**
 * The call-centre simulator plus a callback listener on loopback standing in for the engine's
 * outcome endpoint, so tests see what the call centre reports.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startCallCentreSimulator, type CallCentreSimulator, type CallOutcomeCallback, type SimulatorOptions } from '../../simulators/call-centre.js';

export interface CallbackListener {
  url: string;
  received(): CallOutcomeCallback[];
  /** Resolves once `n` callbacks have arrived. */
  waitFor(n: number, timeoutMs?: number): Promise<CallOutcomeCallback[]>;
  close(): Promise<void>;
}

export async function startCallbackListener(): Promise<CallbackListener> {
  const received: CallOutcomeCallback[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as CallOutcomeCallback);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/call-outcomes`,
    received: () => received.slice(),
    async waitFor(n, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} call outcomes, got ${received.length}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return received.slice();
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface CallCentreFixture {
  simulator: CallCentreSimulator;
  callbacks: CallbackListener;
  close(): Promise<void>;
}

/** Starts the simulator and a callback listener; pass `callbacks.url` as the task's callbackUrl. */
export async function startCallCentre(options: SimulatorOptions = {}): Promise<CallCentreFixture> {
  const simulator = await startCallCentreSimulator(options);
  const callbacks = await startCallbackListener();
  return {
    simulator,
    callbacks,
    close: async () => {
      await simulator.close();
      await callbacks.close();
    },
  };
}
