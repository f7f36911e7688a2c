/**
 * Bulk-loads rows into a per-connection staging table with Postgres COPY (text format), the
 * database's fast path: no bind parameters, no array parsing, one stream per batch. The caller
 * then moves the staged rows with one INSERT ... SELECT inside the same transaction.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type CopyValue = string | number | boolean | null;

const SPECIAL = /[\\\t\n\r]/;

/** One value in COPY's text format: \N for null, backslash, tab and line breaks escaped. */
function field(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value !== 'string') return String(value);
  return SPECIAL.test(value) ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : value;
}

/** COPY `rows` into `table` (columns in order) on `client`. */
export async function copyRows(client: pg.PoolClient, table: string, columns: string[], rows: CopyValue[][]): Promise<void> {
  // One string built in place: no array per row, the batch's text is one chunk.
  let text = '';
  for (const r of rows) {
    for (let i = 0; i < r.length; i += 1) text += (i ? '\t' : '') + field(r[i]!);
    text += '\n';
  }
  await pipeline(Readable.from([text]), client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)));
}
