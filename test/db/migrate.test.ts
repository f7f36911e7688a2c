import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '../../db/migrate.js';
import { freshDatabase, type TestDatabase } from '../helpers/postgres.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(async () => db?.close());

describe('migrations', () => {
  it('are recorded, and a second run applies nothing', async () => {
    const { rows } = await db.pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(readMigrations().map((m) => m.version));
    expect(await migrate(db.pool)).toEqual([]);
  });

  it('apply once when two processes start together', async () => {
    const results = await Promise.all([migrate(db.pool), migrate(db.pool)]);
    expect(results.flat()).toEqual([]);
  });

  it('hold the capacity check in the database', async () => {
    await db.pool.query(`INSERT INTO service_centres (name, city, postcode, address, phone) VALUES ('SC', '北京', '100000', 'x', '1')`);
    await db.pool.query(`INSERT INTO inspection_slots (service_centre_id, starts_at, capacity, booked) VALUES (1, now(), 1, 1)`);
    await expect(db.pool.query('UPDATE inspection_slots SET booked = booked + 1')).rejects.toThrow(/check constraint/);
  });
});
