import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/pool.js';
import { testConfig } from '../../lib/config.js';

describe('openDatabase with embedded Postgres', () => {
  it('starts a server on demand, migrates, and a second opener reuses it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ce-open-'));
    await chmod(dir, 0o755);
    const config = testConfig({ PG_DATA_DIR: join(dir, 'pg') });
    const first = await openDatabase(config);
    try {
      const second = await openDatabase(config);
      expect(new URL(second.url).port).toBe(new URL(first.url).port);
      const { rows } = await second.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
      expect(rows[0]?.n).toBeGreaterThan(0);
      await second.close(); // leaves the first process's server running
      await expect(first.pool.query('SELECT 1')).resolves.toBeTruthy();
    } finally {
      await first.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
