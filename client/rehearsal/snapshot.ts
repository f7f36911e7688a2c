/**
 * The snapshot a rehearsal runs against: the definition's audience and what its pieces need (the
 * contacts' cars and suppressions, the dealers, the service centres with their slots, the model
 * catalogue, the stored definition), read from the real database in one read-only transaction
 * and written to the rehearsal's. Ids are kept, so the holdout draws the same contacts.
 */
import type { Pool, PoolClient } from 'pg';
import type { StoredDefinition } from '../definitions.js';
import { audienceOf } from '../definition-start.js';
import { segmentContactIds } from '../segment.js';

const CHUNK = 2000;

export interface SnapshotCounts {
  contacts: number;
  vehicles: number;
  suppressions: number;
  dealers: number;
  serviceCentres: number;
  slots: number;
  models: number;
}

/** Copies the rows `select` returns (all columns of `table`) a chunk at a time. */
async function copyRows(from: PoolClient, to: Pool, table: string, select: string, params: unknown[]): Promise<number> {
  const { rows } = await from.query<{ row: Record<string, unknown> }>(`SELECT to_jsonb(t) AS row FROM (${select}) t`, params);
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK).map((r) => r.row);
    await to.query(`INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(null::${table}, $1::jsonb)`, [JSON.stringify(chunk)]);
  }
  return rows.length;
}

/** Identity columns continue after the copied ids, so the rehearsal's own rows never collide. */
async function continueIds(to: Pool, tables: string[]): Promise<void> {
  for (const table of tables) {
    await to.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), greatest((SELECT max(id) FROM ${table}), 1))`);
  }
}

/** Copies the definition's audience and reference data from `real` (read only) into `rehearsal`. */
export async function snapshotAudience(real: Pool, rehearsal: Pool, stored: StoredDefinition): Promise<SnapshotCounts> {
  const client = await real.connect();
  try {
    // One snapshot of the real file, and no statement of it can write.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const ids = await segmentContactIds(client as unknown as Pool, audienceOf(stored.definition));
    const counts: SnapshotCounts = {
      models: await copyRows(client, rehearsal, 'vehicle_models', 'SELECT * FROM vehicle_models', []),
      dealers: await copyRows(client, rehearsal, 'dealers', 'SELECT * FROM dealers', []),
      serviceCentres: await copyRows(client, rehearsal, 'service_centres', 'SELECT * FROM service_centres', []),
      // Bookings of other campaigns stay counted in `booked`: their places are taken.
      slots: await copyRows(client, rehearsal, 'inspection_slots', 'SELECT * FROM inspection_slots', []),
      contacts: await copyRows(client, rehearsal, 'contacts', 'SELECT * FROM contacts WHERE id = ANY($1) ORDER BY id', [ids]),
      vehicles: await copyRows(client, rehearsal, 'vehicles', 'SELECT * FROM vehicles WHERE contact_id = ANY($1)', [ids]),
      // By address (an e-mail, phone or postal address) they may match anyone; by contact, only the audience's.
      suppressions: await copyRows(client, rehearsal, 'suppressions', 'SELECT * FROM suppressions WHERE contact_id IS NULL OR contact_id = ANY($1)', [ids]),
    };
    await copyRows(client, rehearsal, 'campaign_definitions', 'SELECT * FROM campaign_definitions WHERE id = $1 AND version = $2', [stored.id, stored.version]);
    await client.query('COMMIT');
    await continueIds(rehearsal, ['contacts', 'vehicles', 'suppressions', 'dealers', 'service_centres', 'inspection_slots']);
    return counts;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
