/**
 * vitest globalSetup: one embedded Postgres per test run in a throwaway directory, with a
 * migrated template database that each test file copies (test/helpers/postgres.ts).
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../db/embedded.js';
import { migrate } from '../../db/migrate.js';
import { ensureDatabase } from '../../db/pool.js';

export const TEMPLATE_DATABASE = 'ce_template';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the run's embedded Postgres (database `postgres`). */
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'ce-test-pg-'));
  await chmod(dir, 0o755); // as root, the server runs as the postgres user, who must enter it
  const server = await startEmbeddedPostgres({ dataDir: join(dir, 'data'), unsafeFast: true, ephemeral: true });
  await ensureDatabase(server.url, TEMPLATE_DATABASE);
  const templateUrl = new URL(server.url);
  templateUrl.pathname = `/${TEMPLATE_DATABASE}`;
  const pool = new pg.Pool({ connectionString: templateUrl.toString(), max: 1 });
  try {
    await migrate(pool);
  } finally {
    await pool.end(); // nobody may stay connected to a template while it is copied
  }
  project.provide('pgAdminUrl', server.url);
  process.env.CE_TEST_PG_ADMIN_URL = server.url;
  return async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
