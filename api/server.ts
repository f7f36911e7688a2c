/**
 * The engine's HTTP endpoint: the customer pages (reply cards, bookings, surveys, trip RSVPs,
 * preferences, e-mails in the browser), the call centre's signed callbacks, and /health and
 * /ready. Built on fastify (app.ts); a thin layer over the campaign client.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp } from './app.js';
import { webConfig, type ApiDeps } from './deps.js';

export type { ApiDeps } from './deps.js';

export interface RunningApi {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** Starts the API on host:port (port 0 picks a free one). */
export async function startApi(deps: ApiDeps, port: number, host = '127.0.0.1'): Promise<RunningApi> {
  const web = webConfig(deps, `http://${host}:${port}`);
  const app = await buildApp(deps, web);
  await app.listen({ port, host });
  const address = app.server.address() as AddressInfo;
  const url = `http://${host}:${address.port}`;
  // Without a configured public URL, links point at where the API listens (tests, development).
  if (!deps.config?.PUBLIC_BASE_URL) web.PUBLIC_BASE_URL = url;
  return { server: app.server, url, close: () => app.close() };
}
