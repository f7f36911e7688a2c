/**
 * Writes the network files: dealers, service centres and the model catalogue, each added or
 * updated by its code, so a corrected file can be imported again. A code repeated in the file is
 * counted as a repeat; its last row wins.
 */
import type pg from 'pg';
import { sql } from '../db/queries.js';
import { MODEL_SPEC, PLACE_SPEC, type ModelColumn, type PlaceColumn } from './network-columns.js';
import { normaliseModel, normalisePlace, type ModelRow, type PlaceRow } from './normalise-network.js';
import type { ImportKind, ImportSummary } from './run-import.js';

/** The batch's rows by code, the last row of a code winning; repeats counted. */
function lastByCode<R extends { code: string }>(batch: R[], summary: ImportSummary): R[] {
  const byCode = new Map<string, R>();
  for (const r of batch) {
    if (byCode.has(r.code)) summary.duplicatesInFile += 1;
    byCode.set(r.code, r);
  }
  return [...byCode.values()];
}

function count(rows: { inserted: boolean }[], summary: ImportSummary): void {
  const added = rows.filter((r) => r.inserted).length;
  summary.imported += added;
  summary.merged += rows.length - added;
}

function placeWriter(query: 'network-upsert-dealers' | 'network-upsert-service-centres') {
  return async (pool: pg.Pool, batch: PlaceRow[], summary: ImportSummary): Promise<void> => {
    const places = lastByCode(batch, summary);
    const col = <T>(f: (p: PlaceRow) => T): T[] => places.map(f);
    const { rows } = await pool.query<{ inserted: boolean }>(sql(query), [
      col((p) => p.code), col((p) => p.name), col((p) => JSON.stringify(p.names)), col((p) => p.address), col((p) => p.postcode),
      col((p) => p.city), col((p) => p.phone), col((p) => p.openingHours), col((p) => p.models.join('|')),
      col((p) => JSON.stringify(p.addresses)), col((p) => JSON.stringify(p.cities)),
    ]);
    count(rows, summary);
  };
}

async function writeModels(pool: pg.Pool, batch: ModelRow[], summary: ImportSummary): Promise<void> {
  const models = lastByCode(batch, summary);
  const col = <T>(f: (m: ModelRow) => T): T[] => models.map(f);
  const { rows } = await pool.query<{ inserted: boolean }>(sql('network-upsert-models'), [
    col((m) => m.code), col((m) => m.name), col((m) => JSON.stringify(m.names)), col((m) => m.language), col((m) => m.summary),
    col((m) => JSON.stringify(m.features)), col((m) => JSON.stringify(m.priceLines)), col((m) => m.sheetUrl),
  ]);
  count(rows, summary);
}

export const dealerKind = (): ImportKind<PlaceColumn, PlaceRow> => ({ spec: PLACE_SPEC, normalise: normalisePlace, write: placeWriter('network-upsert-dealers') });
export const serviceCentreKind = (): ImportKind<PlaceColumn, PlaceRow> => ({
  spec: PLACE_SPEC,
  normalise: normalisePlace,
  write: placeWriter('network-upsert-service-centres'),
});
export const modelKind = (): ImportKind<ModelColumn, ModelRow> => ({ spec: MODEL_SPEC, normalise: normaliseModel, write: writeModels });
