/**
 * Temporal over mutual TLS, configured as production configures it (TEMPORAL_TLS_* variables):
 * the client's connection (CLI, API) and the worker's native one both reach a server that only
 * talks TLS and only to a client holding a certificate its CA signed. The server here is the
 * development server behind a TLS terminator on loopback, with certificates made in the test.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Server as NetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { createServer as createTlsServer } from 'node:tls';
import { startDevServer, type RunningServer } from '@campaign-engine/devserver';
import { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTemporal, temporalTarget } from '../../client/temporal.js';
import { freePort } from '../../db/embedded.js';
import { loadConfig, type Config } from '../../lib/config.js';
import { makeCa, type Issued, type TestCa } from '../helpers/certificates.js';
import '../helpers/quiet-sdk.js';

let dir: string;
let ca: TestCa;
let client: Issued;
let devserver: RunningServer;
let terminator: NetServer;
let address: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ce-temporal-tls-'));
  ca = await makeCa(dir);
  const server = await ca.issue('temporal.internal');
  client = await ca.issue('campaign-worker');
  devserver = await startDevServer({ port: await freePort(), ip: '127.0.0.1', namespaces: ['default'], timeSkipping: false, logLevel: 'error' });
  // TLS in front, HTTP/2 behind: gRPC's frames pass through unchanged.
  terminator = createTlsServer(
    { cert: readFileSync(server.cert), key: readFileSync(server.key), ca: readFileSync(ca.cert), requestCert: true, rejectUnauthorized: true, ALPNProtocols: ['h2'] },
    (socket) => {
      const upstream = connect(devserver.port, '127.0.0.1');
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    },
  );
  await new Promise<void>((resolve) => terminator.listen(0, '127.0.0.1', resolve));
  address = `127.0.0.1:${(terminator.address() as { port: number }).port}`;
});

afterAll(async () => {
  terminator?.close();
  await devserver?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const configWith = (env: Record<string, string>): Config => loadConfig({ TEMPORAL_ADDRESS: address, TEMPORAL_TLS_SERVER_NAME: 'temporal.internal', TEMPORAL_TLS_SERVER_CA_CERT_PATH: ca.cert, ...env });

describe('Temporal over mutual TLS', () => {
  it('the client and the worker connect with the certificate, CA and server name from the environment', async () => {
    const target = temporalTarget(configWith({ TEMPORAL_TLS_CLIENT_CERT_PATH: client.cert, TEMPORAL_TLS_CLIENT_KEY_PATH: client.key }));
    const temporal = await connectTemporal(target);
    try {
      const { namespaces } = await temporal.workflowService.listNamespaces({});
      expect(namespaces.map((n) => n.namespaceInfo?.name)).toContain('default');
    } finally {
      await temporal.connection.close();
    }
    const native = await NativeConnection.connect({ address: target.address, tls: target.tls, apiKey: target.apiKey });
    try {
      const info = await native.workflowService.getSystemInfo({});
      expect(info.capabilities).toBeTruthy();
    } finally {
      await native.close();
    }
  });

  it('without a client certificate the server refuses, and the error names where, with TLS', async () => {
    const target = temporalTarget(configWith({}));
    await expect(connectTemporal(target, '2 seconds')).rejects.toThrow(`cannot reach Temporal at ${address} (TLS):`);
  });

  it('a certificate file that cannot be read is named by its setting', () => {
    const config = configWith({ TEMPORAL_TLS_CLIENT_CERT_PATH: join(dir, 'absent.crt'), TEMPORAL_TLS_CLIENT_KEY_PATH: client.key });
    expect(() => temporalTarget(config)).toThrow(`TEMPORAL_TLS_CLIENT_CERT_PATH: cannot read ${join(dir, 'absent.crt')} (ENOENT)`);
  });

  it('a certificate without its key is a configuration error naming the missing variable', () => {
    expect(() => configWith({ TEMPORAL_TLS_CLIENT_CERT_PATH: client.cert })).toThrow(/TEMPORAL_TLS_CLIENT_KEY_PATH: a client certificate needs both/);
  });

  it('an API key alone means TLS with the system CAs and the key as a bearer token', () => {
    const target = temporalTarget(loadConfig({ TEMPORAL_ADDRESS: 'ns.a1b2c.tmprl.cloud:7233', TEMPORAL_NAMESPACE: 'ns.a1b2c', TEMPORAL_API_KEY: 'key-123' }));
    expect(target).toEqual({ address: 'ns.a1b2c.tmprl.cloud:7233', namespace: 'ns.a1b2c', tls: true, apiKey: 'key-123' });
    expect(temporalTarget(loadConfig({}))).toEqual({ address: 'localhost:7233', namespace: 'default' });
  });
});
