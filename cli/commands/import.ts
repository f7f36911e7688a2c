/**
 * `campaign import <csv>`: the streaming prospect import with a progress bar, a per-row error
 * report (CSV) and the summary. The file is checked first (exists, UTF-8, required columns), so
 * a file that cannot be imported changes nothing and never opens the database.
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { Transform } from 'node:stream';
import { finished } from 'node:stream/promises';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { parse } from 'csv-parse';
import { mapHeader } from '../../import/columns.js';
import { importProspects, type ImportSummary } from '../../import/import-prospects.js';
import type { RowError } from '../../import/normalise.js';
import { projectPath } from '../../lib/project-path.js';
import { withContext } from '../context.js';
import { badInput, CliError, EXIT } from '../errors.js';
import { emit, table } from '../output.js';

interface ImportCommandOptions {
  errors?: string;
  json?: boolean;
}

export interface ImportReport {
  file: string;
  rows: number;
  imported: number;
  merged: number;
  duplicates: number;
  invalid: number;
  suppressed: number;
  newlyHot: number;
  /** Lines written to the error report (a row can fail on several fields). */
  errorLines: number;
  errorReport: string;
  /** What stopped the import part-way (a file that could not be parsed further). */
  stopped?: string;
}

/** The file exists and is a regular file; its size drives the progress bar. */
async function fileSize(path: string): Promise<number> {
  const info = await stat(path).catch(() => null);
  if (!info) throw badInput(`${path}: no such file`);
  if (!info.isFile()) throw badInput(`${path}: not a file`);
  return info.size;
}

/** Byte offset of the first byte that is not valid UTF-8 in `buf`, or -1. */
function invalidUtf8At(buf: Buffer): number {
  // Continuation bytes at the start belong to a character begun in the previous chunk.
  let i = 0;
  while (i < Math.min(3, buf.length) && (buf[i]! & 0xc0) === 0x80) i += 1;
  while (i < buf.length) {
    const b = buf[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k += 1) {
      if (i + k >= buf.length) return -1; // cut by the chunk's end: the streaming decoder judges it
      if ((buf[i + k]! & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return -1;
}

/**
 * Reads the file once through a fatal UTF-8 decoder (native speed) and fails naming the line of
 * the first bad byte; a partner's GBK export would otherwise import as garbled names.
 */
async function requireUtf8(path: string): Promise<void> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    try {
      decoder.decode(chunk, { stream: true });
    } catch {
      const at = Math.max(0, invalidUtf8At(chunk));
      throw badInput(`${path}: not UTF-8 (line ${line + countNewlines(chunk, at)}); save it as UTF-8 and import again`);
    }
    line += countNewlines(chunk, chunk.length);
  }
  try {
    decoder.decode();
  } catch {
    throw badInput(`${path}: not UTF-8 (the file ends inside a character); save it as UTF-8 and import again`);
  }
}

function countNewlines(buf: Buffer, end: number): number {
  let n = 0;
  for (let i = buf.indexOf(10); i !== -1 && i < end; i = buf.indexOf(10, i + 1)) n += 1;
  return n;
}

/** Parses only the header row and maps it with the importer's own rules. */
async function requireHeader(path: string): Promise<void> {
  const file = createReadStream(path);
  const parser = file.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true }));
  let header: string[] | undefined;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      header = record;
      break;
    }
  } catch (err) {
    throw badInput(`${path}: the header row cannot be read: ${(err as Error).message}`);
  } finally {
    file.destroy();
  }
  if (!header) throw badInput(`${path}: the file is empty (no header row)`);
  try {
    mapHeader(header);
  } catch (err) {
    throw badInput(`${path}: ${(err as Error).message}`);
  }
}

/** One CSV field, quoted when it holds a comma, quote or line break. */
const csvField = (value: string | number): string => {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

const REPORT_HEADER = 'row,field,reason\n';

/** The error report, opened on the first bad row so a clean import leaves only the header. */
class ErrorReport {
  private out: WriteStream | undefined;
  lines = 0;

  constructor(readonly path: string) {}

  write(error: RowError): void {
    if (!this.out) {
      this.out = createWriteStream(this.path, { encoding: 'utf8' });
      this.out.write(REPORT_HEADER);
    }
    this.lines += 1;
    this.out.write(`${csvField(error.row)},${csvField(error.field)},${csvField(error.reason)}\n`);
  }

  /** Closes the report; after an import without bad rows, writes the header only, so no stale report stays. */
  async close(imported: boolean): Promise<void> {
    if (!this.out) return imported ? writeFile(this.path, REPORT_HEADER) : undefined;
    this.out.end();
    await finished(this.out);
  }
}

function progressBar(): SingleBar {
  // cli-progress writes to stderr and only on a terminal, so --json and pipes stay clean.
  return new SingleBar(
    { format: 'import [{bar}] {percentage}% | {value}/{total} bytes | {imported} imported', hideCursor: true, stream: process.stderr },
    Presets.shades_classic,
  );
}

function reportText(r: ImportReport): string {
  const lines = table([
    ['file', r.file],
    ['rows', r.rows],
    ['imported', r.imported],
    ['merged', r.merged],
    ['duplicates', r.duplicates],
    ['invalid', r.invalid],
    ['suppressed', r.suppressed],
    ['newly hot', r.newlyHot],
    ['error report', r.errorLines ? `${r.errorReport} (${r.errorLines} line${r.errorLines === 1 ? '' : 's'})` : `${r.errorReport} (no bad rows)`],
  ]);
  return r.stopped ? `${lines}\nstopped: ${r.stopped}` : lines;
}

function toReport(file: string, errorReport: string, s: ImportSummary, errorLines: number): ImportReport {
  return {
    file,
    rows: s.rows,
    imported: s.imported,
    merged: s.merged,
    duplicates: s.duplicatesInFile,
    invalid: s.invalid,
    suppressed: s.suppressed,
    newlyHot: s.newlyHot,
    errorLines,
    errorReport,
    ...(s.fatal ? { stopped: s.fatal } : {}),
  };
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('import a UTF-8 CSV of prospects: bad rows go to an error report, good rows are imported or merged')
    .argument('<csv>', 'the prospect list; needs name and source columns and one of email, phone, address')
    .option('--errors <file>', 'where to write the bad rows (row, field, reason); default: import-reports/<file>.errors.csv in OUTPUT_DIR (.data/files)')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      '\nExit codes: 0 every row imported; 4 some rows rejected (see the error report, good rows imported);\n' +
        '2 the file is missing, not UTF-8 or lacks a required column (nothing imported); 3 the database cannot be reached.\n',
    )
    .action(async (csv: string, options: ImportCommandOptions) => {
      const size = await fileSize(csv);
      await requireUtf8(csv);
      await requireHeader(csv);
      await withContext(async (ctx) => {
        const errorPath = options.errors ?? join(projectPath(ctx.config.OUTPUT_DIR), 'import-reports', `${basename(csv, extname(csv))}.errors.csv`);
        await mkdir(dirname(errorPath), { recursive: true });
        const { pool } = await ctx.db();
        const errors = new ErrorReport(errorPath);
        const bar = progressBar();
        let bytes = 0;
        let imported = 0;
        bar.start(size, 0, { imported });
        const file = createReadStream(csv, { highWaterMark: 1 << 20 });
        const counted = file.pipe(
          new Transform({
            transform(chunk: Buffer, _encoding, done) {
              bytes += chunk.length;
              bar.update(bytes, { imported });
              done(null, chunk);
            },
          }),
        );
        file.on('error', (err) => counted.destroy(err));
        let summary: ImportSummary | undefined;
        try {
          summary = await importProspects(pool, counted, {
            onError: (e) => errors.write(e),
            onBatch: (batch) => {
              imported += batch.length;
            },
            keepErrors: 0,
          });
        } finally {
          bar.stop();
          await errors.close(!!summary && !summary.fatal);
        }
        const report = toReport(csv, errorPath, summary, errors.lines);
        const written = summary.imported + summary.merged;
        if (summary.fatal && written === 0) {
          throw new CliError(`${csv}: ${summary.fatal}; nothing imported`, EXIT.badInput);
        }
        emit(options, report, reportText);
        if (summary.invalid > 0 || summary.fatal) process.exitCode = EXIT.partial;
      });
    });
}
