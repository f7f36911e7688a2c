/** Connects the Temporal client the CLI, the API and the tests use to start and steer campaigns. */
import { readFileSync } from 'node:fs';
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

/** Connects to the target; a server that cannot be reached is named in the error. */
export async function connectTemporal(target: TemporalTarget, connectTimeout = '5 seconds'): Promise<Client> {
  let connection: Connection;
  try {
    connection = await Connection.connect({ address: target.address, tls: target.tls, apiKey: target.apiKey, connectTimeout });
  } catch (err) {
    throw new Error(`cannot reach Temporal at ${describeTarget(target)}: ${(err as Error).message}`, { cause: err });
  }
  return new Client({ connection, namespace: target.namespace });
}
