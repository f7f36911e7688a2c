/**
 * The rehearsal's own database: a temporary embedded PostgreSQL in a temporary folder, migrated
 * like any other and deleted afterwards. A server of its own rather than a database beside the
 * real one: it needs no right to create databases on the programme's server (a managed one rarely
 * gives it), works offline, and no statement of the rehearsal can reach the real records.
 */
import { chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../db/embedded.js';
import { migrate } from '../../db/migrate.js';
import { createPool, ensureDatabase, type Pool } from '../../db/pool.js';

export interface RehearsalDatabase {
  pool: Pool;
  close(): Promise<void>;
}

export async function openRehearsalDatabase(dir: string): Promise<RehearsalDatabase> {
  await chmod(dir, 0o755); // as root, the server runs as the postgres user, who must enter it
  const server = await startEmbeddedPostgres({ dataDir: join(dir, 'postgres'), unsafeFast: true, ephemeral: true });
  try {
    await ensureDatabase(server.url, 'rehearsal');
    const url = new URL(server.url);
    url.pathname = '/rehearsal';
    const pool = createPool(url.toString(), 10);
    await migrate(pool);
    return {
      pool,
      close: async () => {
        await pool.end();
        await server.stop();
      },
    };
  } catch (err) {
    await server.stop();
    throw err;
  }
}
