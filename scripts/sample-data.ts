/**
 * The bundled sample data: dealers, service centres, vehicle models, owners with their cars and
 * inspection slots (samples/seed.sql), and prospects with screening answers brought in through
 * the list import (samples/prospects.csv, one row of which is bad on purpose). Loaded once, on
 * a database with no contacts.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Pool } from '../db/pool.js';
import { importProspects, type ImportSummary } from '../import/import-prospects.js';

const seedFile = fileURLToPath(new URL('../samples/seed.sql', import.meta.url));
const prospectsFile = fileURLToPath(new URL('../samples/prospects.csv', import.meta.url));

/**
 * Loads the samples unless the database already has contacts, and marks every contact loaded as
 * a sample: the sample campaigns target those alone, the programme's campaigns never do.
 * Returns the import's summary.
 */
export async function loadSampleData(pool: Pool): Promise<ImportSummary | null> {
  const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM contacts');
  if ((rows[0]?.n ?? 0) > 0) return null;
  await pool.query(await readFile(seedFile, 'utf8'));
  const summary = await importProspects(pool, prospectsFile);
  await pool.query('UPDATE contacts SET sample = true');
  return summary;
}
