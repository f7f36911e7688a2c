/**
 * The engine's HTTP endpoint: call outcomes from the call centre, reply cards from the QR code's
 * URL, and one-click unsubscribes, with /health (the process is up) and /ready (Postgres and
 * Temporal answer). A thin layer over the campaign client.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import type { Pool } from '../db/pool.js';
import type { Logger } from '../lib/logger.js';
import { handleCallOutcome } from './call-outcomes.js';
import { HttpError, sendJson } from './http.js';
import { handleReady } from './readiness.js';
import { showReplyForm, takeReply } from './reply-form.js';
import { handleUnsubscribe } from './unsubscribe.js';

export interface ApiDeps {
  temporal: Client;
  pool: Pool;
  unsubscribeSecret: string;
  /** Where a reply to a card with no follow-up running starts one. */
  taskQueue: string;
  log: Logger;
}

export interface RunningApi {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** Starts the API on host:port (port 0 picks a free one). */
export async function startApi(deps: ApiDeps, port: number, host = '127.0.0.1'): Promise<RunningApi> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://engine.local');
    const route = async (): Promise<void> => {
      const reply = /^\/r\/([^/]+)$/.exec(url.pathname);
      if (url.pathname === '/call-outcomes' && req.method === 'POST') return handleCallOutcome(deps, req, res);
      if (url.pathname === '/unsubscribe' && (req.method === 'POST' || req.method === 'GET')) return handleUnsubscribe(deps, url, req, res);
      if (reply && req.method === 'GET') return showReplyForm(deps, decodeURIComponent(reply[1]!), res);
      if (reply && req.method === 'POST') return takeReply(deps, decodeURIComponent(reply[1]!), req, res);
      if (url.pathname === '/health') return sendJson(res, 200, { ok: true });
      if (url.pathname === '/ready') return handleReady(deps, res);
      throw new HttpError(404, 'not found');
    };
    route().catch((err: unknown) => {
      if (err instanceof HttpError) return sendJson(res, err.status, { error: err.message });
      deps.log.error({ err, path: url.pathname }, 'api request failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    server,
    url: `http://${host}:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
