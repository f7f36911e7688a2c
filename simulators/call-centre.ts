/**
 * A call-centre simulator on loopback for local runs and tests. It accepts call tasks
 * (POST /tasks, idempotent by Idempotency-Key), "calls" after a delay, and POSTs the outcome to
 * the task's callbackUrl. Answers, delay and a down period (503) are configurable at run time.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallTaskPayload } from '../adapters/call-centre.js';
import { signCallback } from '../lib/callback-signature.js';
import { DEVELOPMENT_CALLBACK_SECRET } from '../lib/config.js';

export type SimulatedAnswer = 'reached-interested' | 'reached-refused' | 'no-answer';

export interface SimulatedTask extends CallTaskPayload {
  taskId: string;
  idempotencyKey: string;
  createdAt: string;
  /** Set once the outcome was delivered to the callback. */
  outcome: SimulatedAnswer | null;
  callbackStatus: number | null;
}

export interface CallOutcomeCallback {
  taskId: string;
  reference: string;
  contactId: number;
  attempt: number;
  outcome: SimulatedAnswer;
  notes: string;
}

export interface SimulatorOptions {
  /** Answer for a task: a fixed answer, a per-contact map, or a function. Default reached-interested. */
  answer?: SimulatedAnswer | ((task: SimulatedTask) => SimulatedAnswer);
  /** Milliseconds between creation and the outcome callback. Default 0. */
  delayMs?: number;
  /** The secret it signs outcome callbacks with, as the real call centre does (CALL_CENTRE_CALLBACK_SECRET). */
  callbackSecret?: string;
  /** Host to bind; loopback by default. */
  host?: string;
  port?: number;
}

export interface CallCentreSimulator {
  url: string;
  port: number;
  tasks(): SimulatedTask[];
  setAnswer(answer: NonNullable<SimulatorOptions['answer']>): void;
  setDelay(ms: number): void;
  /** While down, every request is answered 503 (for `ms` milliseconds, or until set up again). */
  setDown(down: boolean, ms?: number): void;
  /** Resolves when every scheduled callback has been attempted. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function validTask(body: unknown): body is CallTaskPayload {
  const b = body as Partial<CallTaskPayload> | null;
  return !!b && typeof b.contactId === 'number' && typeof b.callbackUrl === 'string' && typeof b.purpose === 'string' && !!b.window;
}

export async function startCallCentreSimulator(options: SimulatorOptions = {}): Promise<CallCentreSimulator> {
  let answer = options.answer ?? 'reached-interested';
  let delayMs = options.delayMs ?? 0;
  const callbackSecret = options.callbackSecret ?? DEVELOPMENT_CALLBACK_SECRET;
  let downUntil = 0;
  const byKey = new Map<string, SimulatedTask>();
  const pending = new Set<Promise<void>>();
  const timers = new Set<NodeJS.Timeout>();

  const deliver = async (task: SimulatedTask): Promise<void> => {
    const outcome = typeof answer === 'function' ? answer(task) : answer;
    const body: CallOutcomeCallback = {
      taskId: task.taskId,
      reference: task.reference,
      contactId: task.contactId,
      attempt: task.attempt,
      outcome,
      notes: `simulated ${outcome}`,
    };
    // A receiver that is briefly away, or has not yet recorded the task it just created (the
    // outcome can beat the creator's own bookkeeping), gets five tries over about three seconds.
    const json = JSON.stringify(body);
    for (let i = 0; i < 5; i += 1) {
      try {
        // Signed afresh on each try: a signature is accepted once.
        const res = await fetch(task.callbackUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...signCallback(callbackSecret, json) },
          body: json,
          signal: AbortSignal.timeout(5000),
        });
        task.callbackStatus = res.status;
        await res.arrayBuffer();
        if (res.ok) {
          task.outcome = outcome;
          return;
        }
      } catch {
        task.callbackStatus = null;
      }
      if (i < 4) await new Promise((r) => setTimeout(r, 100 * 2 ** i));
    }
  };

  const schedule = (task: SimulatedTask): void => {
    let done!: () => void;
    const p = new Promise<void>((r) => (done = r));
    pending.add(p);
    const timer = setTimeout(() => {
      timers.delete(timer);
      void deliver(task).finally(() => {
        pending.delete(p);
        done();
      });
    }, delayMs);
    timers.add(timer);
  };

  const server = createServer((req, res) => {
    void (async () => {
      if (Date.now() < downUntil) return send(res, 503, { error: 'call centre unavailable' });
      if (req.method === 'GET' && req.url === '/tasks') return send(res, 200, [...byKey.values()]);
      if (req.method === 'POST' && req.url === '/tasks') {
        const key = req.headers['idempotency-key'];
        if (typeof key !== 'string' || !key) return send(res, 400, { error: 'Idempotency-Key header required' });
        const seen = byKey.get(key);
        if (seen) return send(res, 200, { taskId: seen.taskId });
        let body: unknown;
        try {
          body = await readJson(req);
        } catch {
          return send(res, 400, { error: 'invalid JSON' });
        }
        if (!validTask(body)) return send(res, 422, { error: 'contactId, purpose, window and callbackUrl are required' });
        const task: SimulatedTask = {
          ...body,
          taskId: randomUUID(),
          idempotencyKey: key,
          createdAt: new Date().toISOString(),
          outcome: null,
          callbackStatus: null,
        };
        byKey.set(key, task);
        schedule(task);
        return send(res, 201, { taskId: task.taskId });
      }
      send(res, 404, { error: 'not found' });
    })().catch((err: unknown) => send(res, 500, { error: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    tasks: () => [...byKey.values()],
    setAnswer: (a) => {
      answer = a;
    },
    setDelay: (ms) => {
      delayMs = ms;
    },
    setDown: (down, ms) => {
      downUntil = down ? (ms === undefined ? Number.POSITIVE_INFINITY : Date.now() + ms) : 0;
    },
    idle: async () => {
      while (pending.size) await Promise.all([...pending]);
    },
    close: async () => {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
