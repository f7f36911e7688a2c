/**
 * The import of any kind of list: the table is opened (format, encoding and delimiter detected),
 * its header mapped with the kind's columns, each row normalised by the kind, and good rows
 * written by the kind in batches, so memory stays flat for any file size. Every bad row is
 * reported with its row, field and reason; unknown columns are named, never dropped unseen.
 */
import type { Readable } from 'node:stream';
import type pg from 'pg';
import { HeaderError, mapHeader, unknownColumns, type ColumnSpec } from './columns.js';
import type { RowError } from './normalise.js';
import { openTable, type Table, type TableRow } from './table-reader.js';

export interface ImportSummary {
  rows: number;
  /** New records (contacts, dealers, models...). */
  imported: number;
  /** Rows that matched a record on file and were merged into it. */
  merged: number;
  /** Rows repeating an earlier row of the file (same e-mail, phone or code). */
  duplicatesInFile: number;
  invalid: number;
  /** Rows imported without consent on a channel because the address is suppressed. */
  suppressed: number;
  newlyHot: number;
  /** Vehicles added or updated (owner files). */
  vehicles: number;
  errors: RowError[];
  /** Header cells that map to no column: their values were not imported. */
  unknownColumns: string[];
  /** How the file was read: "CSV, GB18030, semicolon-separated", "Excel workbook, first sheet". */
  format: string;
  /** A problem that stopped the import (bad header, unreadable file), with the rows done before it. */
  fatal?: string;
}

export type Normalised<R> = { ok: true; value: R } | { ok: false; errors: RowError[] };

/** One kind of list: its columns, how a row becomes a record, how a batch is written. */
export interface ImportKind<C extends string, R> {
  spec: ColumnSpec<C>;
  normalise(cells: string[], positions: Map<C, number>, row: number): Normalised<R>;
  /** Writes a batch, counting into the summary; batches are written one after another, in order. */
  write(pool: pg.Pool, batch: R[], summary: ImportSummary): Promise<void>;
}

export interface RunOptions {
  batchSize?: number;
  /** Each bad row as it is found; the summary keeps only the first `keepErrors`. */
  onError?: (error: RowError) => void;
  keepErrors?: number;
  /** An encoding the user gave instead of detecting one. */
  encoding?: string;
  /** Bytes read so far, for a progress bar. */
  onBytes?: (bytes: number) => void;
}

/** A file opened and its header mapped, ready to import; nothing has touched the database yet. */
export interface PreparedImport<C extends string> {
  table: Table;
  rows: AsyncIterator<TableRow>;
  positions: Map<C, number>;
  headerRow: number;
  width: number;
  /** How a field is named in the error report: the file's own header, with the column it maps to when they differ. */
  fieldNames: Map<string, string>;
  summary: ImportSummary;
  report(error: RowError): void;
}

/** A file the engine cannot import at all (unreadable, no header, a header it cannot map). */
export class ImportFileError extends Error {}

function emptySummary(): ImportSummary {
  return {
    rows: 0,
    imported: 0,
    merged: 0,
    duplicatesInFile: 0,
    invalid: 0,
    suppressed: 0,
    newlyHot: 0,
    vehicles: 0,
    errors: [],
    unknownColumns: [],
    format: '',
  };
}

/** Opens the table and maps its header; throws ImportFileError (or the reader's error) saying why it cannot be imported. */
export async function prepareImport<C extends string>(
  input: string | Readable,
  spec: ColumnSpec<C>,
  options: RunOptions = {},
): Promise<PreparedImport<C>> {
  const keepErrors = options.keepErrors ?? 1000;
  const summary = emptySummary();
  const report = (e: RowError): void => {
    if (summary.errors.length < keepErrors) summary.errors.push(e);
    options.onError?.(e);
  };
  const table = await openTable(input, {
    encoding: options.encoding,
    onBytes: options.onBytes,
    onBadRow: (e) => {
      summary.rows += 1;
      summary.invalid += 1;
      report(e);
    },
  });
  summary.format = table.description;
  const rows = table.rows[Symbol.asyncIterator]();
  let first: IteratorResult<TableRow>;
  try {
    first = await rows.next();
  } catch (err) {
    table.close();
    throw new ImportFileError(`the header row cannot be read: ${(err as Error).message}`);
  }
  if (first.done) throw new ImportFileError('the file is empty (no header row)');
  try {
    const positions = mapHeader(first.value.cells, spec);
    summary.unknownColumns = unknownColumns(first.value.cells, spec);
    const fieldNames = new Map<string, string>();
    for (const [column, i] of positions) {
      const header = first.value.cells[i]!.trim();
      fieldNames.set(column, header === column ? column : `${header} (${column})`);
    }
    return {
      fieldNames,
      table,
      rows,
      positions,
      headerRow: first.value.row,
      width: first.value.cells.length,
      summary,
      report,
    };
  } catch (err) {
    table.close();
    if (err instanceof HeaderError)
      throw new ImportFileError(
        `${table.format === 'csv' ? 'line' : 'row'} ${first.value.row}: ${err.message}`,
      );
    throw err;
  }
}

/** Reads the rest of a prepared file and writes it; a database failure is thrown, a file that stops parsing ends the import with what was done. */
export async function runImport<C extends string, R>(
  pool: pg.Pool,
  prepared: PreparedImport<C>,
  kind: ImportKind<C, R>,
  options: RunOptions = {},
): Promise<ImportSummary> {
  const batchSize = options.batchSize ?? 2000;
  const { summary, report, positions, width, table, fieldNames } = prepared;
  let batch: R[] = [];
  // One batch is written while the next is parsed (Postgres works on the other core); the next
  // write starts only after the previous one ends, so it sees that batch's records.
  let writing: Promise<void> = Promise.resolve();
  const flush = async (rows: R[]): Promise<void> => {
    await writing;
    writing = kind.write(pool, rows, summary);
    writing.catch(() => undefined); // awaited below; keeps an early failure from going unhandled
  };
  for (;;) {
    let next: IteratorResult<TableRow>;
    try {
      next = await prepared.rows.next();
    } catch (err) {
      // The file cannot be read further: what was read is still written.
      summary.fatal = (err as Error).message;
      break;
    }
    if (next.done) break;
    const { row, cells } = next.value;
    summary.rows += 1;
    // A spreadsheet leaves trailing blank cells out; a CSV row must have the header's width.
    if (table.format === 'xlsx' && cells.length < width) while (cells.length < width) cells.push('');
    if (cells.length !== width) {
      summary.invalid += 1;
      report({ row, field: '(row)', reason: `expected ${width} fields, got ${cells.length}` });
      continue;
    }
    const result = kind.normalise(cells, positions, row);
    if (!result.ok) {
      summary.invalid += 1;
      for (const e of result.errors) report({ ...e, field: fieldNames.get(e.field) ?? e.field });
      continue;
    }
    batch.push(result.value);
    if (batch.length >= batchSize) {
      await flush(batch);
      batch = [];
    }
  }
  if (batch.length) await flush(batch);
  await writing;
  return summary;
}

/** Prepares and runs an import in one go; a file that cannot be imported is said in `fatal`. */
export async function importFile<C extends string, R>(
  pool: pg.Pool,
  input: string | Readable,
  kind: ImportKind<C, R>,
  options: RunOptions = {},
): Promise<ImportSummary> {
  let prepared: PreparedImport<C>;
  try {
    prepared = await prepareImport(input, kind.spec, options);
  } catch (err) {
    const summary = emptySummary();
    summary.fatal = (err as Error).message;
    return summary;
  }
  return runImport(pool, prepared, kind, options);
}
