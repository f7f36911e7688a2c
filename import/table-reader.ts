/**
 * Opens any list a partner sends as a stream of rows of text cells: CSV or tab-separated text in
 * any encoding we can detect, with any of the usual delimiters, or an Excel .xlsx workbook. The
 * first row yielded is the header. Row numbers are the file's own (the line a CSV record ends on,
 * the sheet's row number), so an error report points where the user looks.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { detectDelimiter, delimiterLabel, type Delimiter } from './delimiter.js';
import { detectEncoding, encodingLabel, type Encoding } from './encoding.js';
import type { RowError } from './normalise.js';
import { xlsxRows, type SheetRow } from './xlsx-rows.js';

export type TableRow = SheetRow;

export interface Table {
  format: 'csv' | 'xlsx';
  encoding?: Encoding;
  delimiter?: Delimiter;
  /** How the file was read, for the summary: "CSV, GB18030, semicolon" or "Excel workbook". */
  description: string;
  rows: AsyncIterable<TableRow>;
  /** Stops reading (after a bad header). */
  close(): void;
}

export interface TableOptions {
  /** An encoding the user gave (`--encoding`), instead of detecting one. */
  encoding?: string;
  /** Bytes of the file read so far, for a progress bar. */
  onBytes?: (bytes: number) => void;
  /** A row the CSV parser could not read (a stray quote), reported and skipped. */
  onBadRow: (error: RowError) => void;
}

/** A file the engine cannot read at all: the message says why. */
export class TableError extends Error {}

async function head(path: string, length: number): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await file.read(buf, 0, length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

// Read in 16 KiB pieces: the CSV parser handles a piece without yielding, and a small piece lets
// the batch being written go on between them (with 1 MiB, each step of a write waited ~60 ms).
function counted(path: string, onBytes?: (bytes: number) => void): Readable {
  const file = createReadStream(path, { highWaterMark: 16 * 1024 });
  if (!onBytes) return file;
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      onBytes(bytes);
      done(null, chunk);
    },
  });
  // pipe() does not pass a source's error on: end the counter with it.
  file.on('error', (err) => counter.destroy(err));
  return file.pipe(counter);
}

/** CSV records from a byte stream in a known encoding, as rows with their line numbers. */
function csvRows(
  bytes: Readable,
  encoding: string,
  delimiter: Delimiter,
  onBadRow: TableOptions['onBadRow'],
): Readable & AsyncIterable<unknown> {
  // UTF-8 goes to the parser as bytes (its fastest path); anything else is decoded first.
  const text: Readable =
    encoding === 'utf-8' ? bytes : bytes.pipe(iconv.decodeStream(encoding) as unknown as Transform);
  if (text !== bytes) bytes.on('error', (err) => text.destroy(err));
  const parser = text.pipe(
    parse({
      bom: true,
      delimiter,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      // A malformed row (a stray quote) is reported and skipped; the rest of the file goes on.
      on_skip: (err) => {
        onBadRow({
          row: (err as { lines?: number } | undefined)?.lines ?? 0,
          field: '(csv)',
          reason: err?.message ?? 'malformed row',
        });
        return undefined;
      },
    }),
  );
  text.on('error', (err) => parser.destroy(err));
  return parser;
}

async function* recordsOf(parser: AsyncIterable<unknown>): AsyncGenerator<TableRow> {
  for await (const { record, info } of parser as AsyncIterable<{
    record: string[];
    info: { lines: number };
  }>) {
    yield { row: info.lines, cells: record };
  }
}

/** Opens a file by path (format, encoding and delimiter detected) or a UTF-8 CSV stream. */
export async function openTable(input: string | Readable, options: TableOptions): Promise<Table> {
  if (typeof input !== 'string') {
    const parser = csvRows(input, options.encoding ?? 'utf-8', ',', options.onBadRow);
    return { format: 'csv', description: 'CSV', rows: recordsOf(parser), close: () => parser.destroy() };
  }
  const start = await head(input, 64 * 1024);
  if (start.subarray(0, 4).equals(OLE) || extname(input).toLowerCase() === '.xls') {
    throw new TableError(
      'an Excel 97-2003 workbook (.xls): save it as .xlsx (Excel Workbook) or CSV and import again',
    );
  }
  if (start.subarray(0, 4).equals(ZIP)) {
    const bytes = counted(input, options.onBytes);
    return {
      format: 'xlsx',
      description: 'Excel workbook, first sheet',
      rows: xlsxRows(bytes),
      close: () => bytes.destroy(),
    };
  }
  const encoding = await detectEncoding(input, options.encoding);
  const delimiter = detectDelimiter(iconv.decode(start, encoding.name));
  const bytes = counted(input, options.onBytes);
  const parser = csvRows(bytes, encoding.name, delimiter, options.onBadRow);
  return {
    format: 'csv',
    encoding,
    delimiter,
    description: `CSV, ${encodingLabel(encoding)}, ${delimiterLabel(delimiter)}-separated`,
    rows: recordsOf(parser),
    close: () => {
      parser.destroy();
      bytes.destroy();
    },
  };
}
