/**
 * PostgreSQL over TLS as a managed service requires it: DATABASE_URL with sslmode=verify-full and
 * the CA in sslrootcert. The server here is a PostgreSQL on loopback with a certificate made in the
 * test; the engine's own opener must verify it, and refuse a server its CA did not sign.
 */
import { chown, copyFile, chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../db/embedded.js';
import { openDatabase } from '../../db/pool.js';
import { testConfig } from '../../lib/config.js';
import { makeCa, type TestCa } from '../helpers/certificates.js';

let dir: string;
let ca: TestCa;
let server: EmbeddedServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ce-pg-tls-'));
  await chmod(dir, 0o755);
  ca = await makeCa(dir);
  const issued = await ca.issue('db.internal');
  server = await startEmbeddedPostgres({ dataDir: join(dir, 'data'), unsafeFast: true, ephemeral: true });
  // The key belongs to whoever runs the server (postgres, when the tests run as root), mode 0600.
  const owner = await stat(server.dataDir);
  for (const [from, to] of [[issued.cert, 'server.crt'], [issued.key, 'server.key']] as const) {
    const path = join(server.dataDir, to);
    await copyFile(from, path);
    await chmod(path, 0o600);
    await chown(path, owner.uid, owner.gid);
  }
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  try {
    await admin.query(`ALTER SYSTEM SET ssl = on`);
    await admin.query('SELECT pg_reload_conf()');
  } finally {
    await admin.end();
  }
});

afterAll(async () => {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const urlWith = (params: string): string => `postgres://postgres:postgres@localhost:${server.port}/postgres?${params}`;

describe('PostgreSQL over TLS', () => {
  it('connects, verifying the server against the CA in sslrootcert, and migrates', async () => {
    const db = await openDatabase(testConfig({ DATABASE_URL: urlWith(`sslmode=verify-full&sslrootcert=${encodeURIComponent(ca.cert)}`) }));
    try {
      const { rows } = await db.pool.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
      expect(rows).toEqual([{ ssl: true }]);
      const migrated = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
      expect(migrated.rows[0]!.n).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
  });

  it('refuses a server its CA did not sign', async () => {
    const other = await makeCa(dir, 'other-ca');
    await expect(openDatabase(testConfig({ DATABASE_URL: urlWith(`sslmode=verify-full&sslrootcert=${encodeURIComponent(other.cert)}`) }))).rejects.toThrow(
      /self-signed certificate in certificate chain|unable to verify|certificate/,
    );
  });
});
