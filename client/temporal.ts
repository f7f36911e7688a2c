/** Connects the Temporal client the CLI, the API and the tests use to start and steer campaigns. */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { Client, Connection, type TLSConfig } from '@temporalio/client';
import type { Config } from '../lib/config.js';

export interface TemporalTarget {
  address: string;
  namespace: string;
  /** TLS: true for the system's CAs and no client certificate, or the files' contents. */
  tls?: boolean | TLSConfig;
  apiKey?: string;
}

/** One file named by a setting, read now; a missing or unreadable one names the setting. */
function readSetting(name: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new Error(`${name}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });
  }
}

/**
 * Where and how to reach Temporal, from the configuration: the address and namespace, and for a
 * secured cluster TLS (a CA, a server name, a client certificate) and an API key. The same options
 * serve the client's Connection and the worker's NativeConnection.
 */
export function temporalTarget(config: Config): TemporalTarget {
  const target: TemporalTarget = { address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE };
  const tls: TLSConfig = {};
  if (config.TEMPORAL_TLS_SERVER_CA_CERT_PATH) tls.serverRootCACertificate = readSetting('TEMPORAL_TLS_SERVER_CA_CERT_PATH', config.TEMPORAL_TLS_SERVER_CA_CERT_PATH);
  if (config.TEMPORAL_TLS_SERVER_NAME) tls.serverNameOverride = config.TEMPORAL_TLS_SERVER_NAME;
  if (config.TEMPORAL_TLS_CLIENT_CERT_PATH && config.TEMPORAL_TLS_CLIENT_KEY_PATH) {
    tls.clientCertPair = {
      crt: readSetting('TEMPORAL_TLS_CLIENT_CERT_PATH', config.TEMPORAL_TLS_CLIENT_CERT_PATH),
      key: readSetting('TEMPORAL_TLS_CLIENT_KEY_PATH', config.TEMPORAL_TLS_CLIENT_KEY_PATH),
    };
  }
  // An API key travels only over TLS; TEMPORAL_TLS=false turns TLS off for a plain local server.
  const wantsTls = config.TEMPORAL_TLS ?? (Object.keys(tls).length > 0 || !!config.TEMPORAL_API_KEY);
  if (wantsTls) target.tls = Object.keys(tls).length ? tls : true;
  if (config.TEMPORAL_API_KEY) target.apiKey = config.TEMPORAL_API_KEY;
  return target;
}

/** The Temporal address as people should read it: with `tls` when the connection is secured. */
export function describeTarget(target: TemporalTarget): string {
  return target.tls ? `${target.address} (TLS)` : target.address;
}

/** host and port of `host:port` or `[v6]:port`. */
function hostAndPort(address: string): { host: string; port: number } | undefined {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(address);
  return m ? { host: m[1]!, port: Number(m[2]) } : undefined;
}

/**
 * Whether nothing listens at the address: a refused connection is known at once, where gRPC
 * would retry it until its deadline (a stopped engine made every command wait seconds). Anything
 * else (slow, filtered, a name to resolve) is left to gRPC and its timeout.
 */
function refused(address: string, waitMs: number): Promise<string | undefined> {
  const target = hostAndPort(address);
  if (!target) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const socket = connect(target);
    const done = (reason?: string): void => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(waitMs, () => done());
    socket.once('connect', () => done());
    socket.once('error', (err: NodeJS.ErrnoException) => done(err.code === 'ECONNREFUSED' ? 'connection refused' : undefined));
  });
}

/**
 * Connects to the target within `connectTimeout`; a server that cannot be reached is named in
 * the error. Nothing listening there fails at once.
 */
export async function connectTemporal(target: TemporalTarget, connectTimeout = '5 seconds'): Promise<Client> {
  const nobody = await refused(target.address, 1000);
  if (nobody) throw new Error(`cannot reach Temporal at ${describeTarget(target)}: ${nobody}`);
  let connection: Connection;
  try {
    connection = await Connection.connect({ address: target.address, tls: target.tls, apiKey: target.apiKey, connectTimeout });
  } catch (err) {
    throw new Error(`cannot reach Temporal at ${describeTarget(target)}: ${(err as Error).message}`, { cause: err });
  }
  return new Client({ connection, namespace: target.namespace });
}
