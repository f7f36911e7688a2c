/**
 * A fresh, migrated database per test file (or per test), copied from the run's template, so
 * tests never see each other's rows. Needs the vitest globalSetup test/helpers/global-postgres.ts.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createPool } from '../../db/pool.js';
import { TEMPLATE_DATABASE } from './global-postgres.js';

export interface TestDatabase {
  pool: pg.Pool;
  /** URL of this database, for code that opens its own connections. */
  url: string;
  /** Ends the pool and drops the database. */
  close(): Promise<void>;
}

function adminUrl(): string {
  const url = inject('pgAdminUrl') ?? process.env.CE_TEST_PG_ADMIN_URL;
  if (!url) throw new Error('no test Postgres: run under vitest with test/helpers/global-postgres.ts as globalSetup');
  return url;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates a new database from the migrated template and returns a pool on it. */
export async function freshDatabase(options: { max?: number } = {}): Promise<TestDatabase> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`));
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const pool = createPool(url.toString(), options.max ?? 10);
  return {
    pool,
    url: url.toString(),
    close: async () => {
      await pool.end();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
