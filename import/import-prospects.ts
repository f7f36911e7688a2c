/**
 * Streams a UTF-8 CSV of prospects into contacts: each row validated and normalised, duplicates
 * (by e-mail or phone) merged into the existing contact with heat re-scored, suppressed addresses
 * imported without consent on that channel. Rows are written in batches, so memory stays flat for
 * any file size. Every bad row is reported with its line, field and reason.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type pg from 'pg';
import { sql } from '../db/queries.js';
import type { Heat } from '../activities/types.js';
import { mapHeader, type Column } from './columns.js';
import { normaliseRow, type ProspectRow, type RowError } from './normalise.js';

export interface ImportedContact {
  id: number;
  heat: Heat;
  /** False when the row matched a contact already on file (its answers were merged). */
  created: boolean;
  /** Was not high heat before this import and is now: the hot-lead pack is due. */
  becameHot: boolean;
}

export interface ImportOptions {
  batchSize?: number;
  /** Each bad row as it is found; the summary keeps only the first `keepErrors`. */
  onError?: (error: RowError) => void;
  /** Each written batch, e.g. to start lead routing for the new and newly hot prospects. */
  onBatch?: (contacts: ImportedContact[]) => void | Promise<void>;
  keepErrors?: number;
}

export interface ImportSummary {
  rows: number;
  imported: number;
  /** Rows that matched a contact on file; its answers were merged. */
  merged: number;
  /** Rows repeating an e-mail or phone of an earlier row in the same batch. */
  duplicatesInFile: number;
  invalid: number;
  /** Rows imported without consent on a channel because the address is suppressed. */
  suppressed: number;
  newlyHot: number;
  errors: RowError[];
  /** A problem that stopped the import (bad header, unreadable file), with the rows done before it. */
  fatal?: string;
}

interface Existing {
  id: number;
  email: string | null;
  phone: string | null;
  heat: Heat | null;
}

async function writeBatch(pool: pg.Pool, batch: ProspectRow[], summary: ImportSummary, options: ImportOptions): Promise<void> {
  // Within the batch, the first row for an e-mail or phone wins.
  const seen = new Set<string>();
  const unique: ProspectRow[] = [];
  for (const p of batch) {
    const keys = [p.email && `e:${p.email}`, p.phone && `p:${p.phone}`].filter((k): k is string => !!k);
    if (keys.some((k) => seen.has(k))) {
      summary.duplicatesInFile += 1;
      continue;
    }
    keys.forEach((k) => seen.add(k));
    unique.push(p);
  }
  const emails = unique.map((p) => p.email).filter((e): e is string => !!e);
  const phones = unique.map((p) => p.phone).filter((e): e is string => !!e);
  const [existingRows, suppressedRows] = await Promise.all([
    pool.query<Existing>(sql('import-find-existing'), [emails, phones]),
    pool.query<{ channel: string; address: string }>(sql('import-suppressed-addresses'), [[...emails, ...phones]]),
  ]);
  const byEmail = new Map<string, Existing>();
  const byPhone = new Map<string, Existing>();
  for (const e of existingRows.rows) {
    if (e.email) byEmail.set(e.email, e);
    if (e.phone && !byPhone.has(e.phone)) byPhone.set(e.phone, e);
  }
  const suppressed = new Map<string, Set<string>>();
  for (const s of suppressedRows.rows) (suppressed.get(s.address) ?? suppressed.set(s.address, new Set()).get(s.address)!).add(s.channel);

  const fresh: ProspectRow[] = [];
  const merge: { existing: Existing; prospect: ProspectRow }[] = [];
  for (const p of unique) {
    const existing = (p.email && byEmail.get(p.email)) || (p.phone && byPhone.get(p.phone)) || null;
    if (existing) {
      // Two rows of the batch may find the same contact (one by e-mail, one by phone).
      if (merge.some((m) => m.existing.id === existing.id)) summary.duplicatesInFile += 1;
      else merge.push({ existing, prospect: p });
      continue;
    }
    const blocked = new Set([...(p.email ? (suppressed.get(p.email) ?? []) : []), ...(p.phone ? (suppressed.get(p.phone) ?? []) : [])]);
    if (blocked.size) {
      summary.suppressed += 1;
      if (blocked.has('all')) p.consentEmail = p.consentPost = p.consentPhone = false;
      if (blocked.has('email')) p.consentEmail = false;
      if (blocked.has('phone')) p.consentPhone = false;
    }
    fresh.push(p);
  }

  const imported: ImportedContact[] = [];
  if (fresh.length) {
    const col = <T>(f: (p: ProspectRow) => T): T[] => fresh.map(f);
    const { rows } = await pool.query<{ id: number; heat: Heat }>(sql('import-insert-contacts'), [
      col((p) => p.name), col((p) => p.title), col((p) => p.company), col((p) => p.industry), col((p) => p.address),
      col((p) => p.postcode), col((p) => p.city), col((p) => p.email), col((p) => p.phone), col((p) => p.language),
      col((p) => p.timeZone), col((p) => p.consentEmail), col((p) => p.consentPost), col((p) => p.consentPhone),
      col((p) => p.heat), col((p) => p.source), col((p) => p.birthday), col((p) => JSON.stringify(p.screening)),
    ]);
    summary.imported += rows.length;
    summary.duplicatesInFile += fresh.length - rows.length;
    for (const r of rows) imported.push({ id: r.id, heat: r.heat, created: true, becameHot: r.heat === 'high' });
  }
  if (merge.length) {
    const answers = merge.map(({ prospect: p }) =>
      JSON.stringify(Object.fromEntries(Object.entries(p.screening).filter(([, v]) => v !== null && !(Array.isArray(v) && v.length === 0)))),
    );
    const { rows } = await pool.query<{ id: number; heat: Heat }>(sql('import-update-existing'), [
      merge.map((m) => m.existing.id),
      answers,
      merge.map((m) => m.prospect.heat),
      merge.map((m) => m.prospect.screening.purchaseTimeframe !== null),
      merge.map((m) => m.prospect.source),
    ]);
    const before = new Map(merge.map((m) => [m.existing.id, m.existing.heat]));
    summary.merged += rows.length;
    for (const r of rows) imported.push({ id: r.id, heat: r.heat, created: false, becameHot: r.heat === 'high' && before.get(r.id) !== 'high' });
  }
  summary.newlyHot += imported.filter((c) => c.becameHot).length;
  if (options.onBatch && imported.length) await options.onBatch(imported);
}

/** Imports a CSV file (path) or stream of prospects. */
export async function importProspects(pool: pg.Pool, input: string | Readable, options: ImportOptions = {}): Promise<ImportSummary> {
  const batchSize = options.batchSize ?? 2000;
  const keepErrors = options.keepErrors ?? 1000;
  const summary: ImportSummary = { rows: 0, imported: 0, merged: 0, duplicatesInFile: 0, invalid: 0, suppressed: 0, newlyHot: 0, errors: [] };
  const report = (e: RowError): void => {
    if (summary.errors.length < keepErrors) summary.errors.push(e);
    options.onError?.(e);
  };
  const source = typeof input === 'string' ? createReadStream(input, { highWaterMark: 1 << 20 }) : input;
  const csv = source.pipe(
    parse({
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      // A malformed row (a stray quote) is reported and skipped; the rest of the file goes on.
      on_skip: (err) => {
        summary.rows += 1;
        summary.invalid += 1;
        report({ row: (err as { lines?: number } | undefined)?.lines ?? 0, field: '(csv)', reason: err?.message ?? 'malformed row' });
        return undefined;
      },
    }),
  );
  // pipe() does not pass a source's error on (an unreadable file): end the parser with it.
  source.on('error', (err) => csv.destroy(err));
  const parser = csv;

  let positions: Map<Column, number> | null = null;
  let width = 0;
  let batch: ProspectRow[] = [];
  // One batch is written while the next is parsed (Postgres works on the other core); the next
  // write starts only after the previous one ends, so it sees that batch's contacts.
  let writing: Promise<void> = Promise.resolve();
  const flush = async (rows: ProspectRow[]): Promise<void> => {
    await writing;
    writing = writeBatch(pool, rows, summary, options);
    writing.catch(() => undefined); // awaited below; keeps an early failure from going unhandled
  };
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!positions) {
        try {
          positions = mapHeader(record);
          width = record.length;
        } catch (err) {
          summary.fatal = `line ${info.lines}: ${(err as Error).message}`;
          source.destroy();
          return summary;
        }
        continue;
      }
      summary.rows += 1;
      if (record.length !== width) {
        summary.invalid += 1;
        report({ row: info.lines, field: '(row)', reason: `expected ${width} fields, got ${record.length}` });
        continue;
      }
      const result = normaliseRow(record, positions, info.lines);
      if (!result.ok) {
        summary.invalid += 1;
        result.errors.forEach(report);
        continue;
      }
      batch.push(result.prospect);
      if (batch.length >= batchSize) {
        await flush(batch);
        batch = [];
      }
    }
    if (batch.length) await flush(batch);
    await writing;
    if (!positions) summary.fatal = 'the file is empty: no header row';
  } catch (err) {
    await writing.catch(() => undefined);
    // A file that cannot be parsed any further ends the import with what was done; a database
    // failure is not the file's fault and is thrown.
    const code = (err as { code?: string }).code ?? '';
    if (!code.startsWith('CSV_') && code !== 'ENOENT' && code !== 'EISDIR') throw err;
    summary.fatal = (err as Error).message;
  }
  return summary;
}
