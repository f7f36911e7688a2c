/**
 * The engine's database: DATABASE_URL when set, otherwise embedded Postgres started on demand in
 * PG_DATA_DIR with a `campaign_engine` database. Migrations are applied before the pool is used.
 */
import pg from 'pg';
import type { Config } from '../lib/config.js';
import type { Logger } from '../lib/logger.js';
import { projectPath } from '../lib/project-path.js';
import { startEmbeddedPostgres } from './embedded.js';
import { migrate } from './migrate.js';

export type Pool = pg.Pool;

export interface Database {
  pool: pg.Pool;
  url: string;
  /** Where the data is, for people: `DATABASE_URL` or the embedded server's data directory. */
  location: string;
  /** Ends the pool, then stops embedded Postgres if this process started it. */
  close(): Promise<void>;
}

const DATABASE_NAME = 'campaign_engine';

/** A pool on `url`; the error handler keeps an idle-client error from crashing the process. */
export function createPool(url: string, max = 10, log?: Logger, connectTimeoutMs = 10_000): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: connectTimeoutMs });
  pool.on('error', (err: Error & { code?: string }) => {
    // Only the reason: the error carries its whole client, which would flood the log. 57P01 is
    // Postgres stopping (Ctrl-C reaches it too), which closes idle connections on purpose.
    const fields = { code: err.code, reason: err.message };
    if (err.code === '57P01') log?.debug(fields, 'postgres closed an idle connection: it is shutting down');
    else log?.warn(fields, 'idle postgres connection failed');
  });
  return pool;
}

/** Creates `name` on the server at adminUrl unless it exists. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`).catch((err: { code?: string }) => {
        if (err.code !== '42P04') throw err; // created meanwhile by another process
      });
    }
  } finally {
    await client.end();
  }
}

/**
 * Opens the configured database and applies pending migrations. A command that must answer
 * quickly passes a short connectTimeoutMs; long-running processes keep the patient default.
 */
export async function openDatabase(config: Config, log?: Logger, connectTimeoutMs?: number): Promise<Database> {
  let url = config.DATABASE_URL;
  let location = 'DATABASE_URL';
  let stopServer: () => Promise<void> = async () => undefined;
  if (!url) {
    const server = await startEmbeddedPostgres({ dataDir: projectPath(config.PG_DATA_DIR), log });
    stopServer = server.stop;
    location = `embedded Postgres in ${server.dataDir}`;
    const u = new URL(server.url);
    await ensureDatabase(server.url, DATABASE_NAME);
    u.pathname = `/${DATABASE_NAME}`;
    url = u.toString();
  }
  const pool = createPool(url, config.PG_POOL_MAX, log, connectTimeoutMs);
  try {
    const applied = await migrate(pool);
    if (applied.length) log?.info({ applied }, 'migrations applied');
  } catch (err) {
    await pool.end();
    await stopServer();
    throw err;
  }
  return {
    pool,
    url,
    location,
    close: async () => {
      await pool.end();
      await stopServer();
    },
  };
}
