/**
 * `campaign import <file> [--as kind]`: the streaming list import with a progress bar, a per-row
 * error report (CSV) and the summary. The file is opened and its header mapped first (format,
 * encoding and delimiter detected), so a file that cannot be imported changes nothing and never
 * opens the database.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { finished } from 'node:stream/promises';
import { Presets, SingleBar } from 'cli-progress';
import { Option, type Command } from 'commander';
import { EncodingError } from '../../import/encoding.js';
import { KIND_NAMES, KINDS, type KindName } from '../../import/kinds.js';
import type { RowError } from '../../import/normalise.js';
import {
  ImportFileError,
  prepareImport,
  runImport,
  type ImportSummary,
  type PreparedImport,
} from '../../import/run-import.js';
import { TableError } from '../../import/table-reader.js';
import { projectPath } from '../../lib/project-path.js';
import { withContext, type CommandContext } from '../context.js';
import { packsDue, startPacks } from '../../client/heat.js';
import { badInput, CliError, EXIT } from '../errors.js';
import { emit, table } from '../output.js';

interface ImportCommandOptions {
  as: KindName;
  encoding?: string;
  errors?: string;
  json?: boolean;
}

export interface ImportReport {
  file: string;
  /** The kind of list: prospects, owners, dealers, service-centres, models. */
  kind: KindName;
  /** How the file was read: format, encoding, delimiter. */
  format: string;
  rows: number;
  imported: number;
  merged: number;
  duplicates: number;
  invalid: number;
  suppressed: number;
  newlyHot: number;
  vehicles: number;
  /** Header cells the engine does not know: their values were not imported. */
  unknownColumns: string[];
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
    {
      format: 'import [{bar}] {percentage}% | {value}/{total} bytes | {imported} imported',
      hideCursor: true,
      stream: process.stderr,
    },
    Presets.shades_classic,
  );
}

function reportText(r: ImportReport): string {
  const lines = table([
    ['file', r.file],
    ['read as', r.format],
    ['rows', r.rows],
    ...KINDS[r.kind].lines.map(([label, figure]): [string, number] => [label, r[figure]]),
    ['invalid', r.invalid],
    ...(r.unknownColumns.length
      ? ([['unknown columns', `${r.unknownColumns.join(', ')} (not imported)`]] as [string, string][])
      : []),
    [
      'error report',
      r.errorLines
        ? `${r.errorReport} (${r.errorLines} line${r.errorLines === 1 ? '' : 's'})`
        : `${r.errorReport} (no bad rows)`,
    ],
  ]);
  return r.stopped ? `${lines}\nstopped: ${r.stopped}` : lines;
}

/**
 * The questionnaire loop for an imported list: a prospect on file whom the new answers make hot,
 * in a lead campaign still open for them, gets that campaign's hot-lead pack now. Started once
 * each by business key, so importing the file again starts only what could not start before.
 */
async function startPacksDue(ctx: CommandContext, hot: number[]): Promise<{ packsStarted?: string[]; packsNotStarted?: { count: number; reason: string } }> {
  if (hot.length === 0) return {};
  const due = await packsDue((await ctx.db()).pool, hot);
  if (due.length === 0) return {};
  try {
    return { packsStarted: await startPacks(await ctx.campaigns(), due) };
  } catch (err) {
    return { packsNotStarted: { count: due.length, reason: (err as Error).message } };
  }
}

function toReport(
  file: string,
  kind: KindName,
  errorReport: string,
  s: ImportSummary,
  errorLines: number,
): ImportReport {
  return {
    file,
    kind,
    format: s.format,
    rows: s.rows,
    imported: s.imported,
    merged: s.merged,
    duplicates: s.duplicatesInFile,
    invalid: s.invalid,
    suppressed: s.suppressed,
    newlyHot: s.newlyHot,
    vehicles: s.vehicles,
    unknownColumns: s.unknownColumns,
    errorLines,
    errorReport,
    ...(s.fatal ? { stopped: s.fatal } : {}),
  };
}

/** Opens the file and maps its header; anything that makes it unimportable is bad input (exit 2). */
async function prepare(
  file: string,
  kind: KindName,
  options: ImportCommandOptions,
  hooks: { onError: (e: RowError) => void; onBytes: (n: number) => void },
): Promise<PreparedImport<string>> {
  try {
    return await prepareImport(file, KINDS[kind].make({}).spec, {
      encoding: options.encoding,
      keepErrors: 0,
      ...hooks,
    });
  } catch (err) {
    if (err instanceof ImportFileError || err instanceof EncodingError || err instanceof TableError)
      throw badInput(`${file}: ${err.message}`);
    throw badInput(`${file}: cannot be read: ${(err as Error).message}`);
  }
}

const KIND_HELP = KIND_NAMES.map((k) => `  ${k.padEnd(16)} ${KINDS[k].description}`).join('\n');

export function registerImport(program: Command): void {
  program
    .command('import')
    .description(
      'import a list (CSV in any usual encoding and delimiter, or an Excel .xlsx): bad rows go to an error report, good rows are imported or merged',
    )
    .argument(
      '<file>',
      'the list: .csv or .txt (UTF-8, GB18030/GBK, UTF-16; comma, semicolon or tab) or .xlsx (first sheet); headers in English or Chinese',
    )
    .addOption(new Option('--as <kind>', 'what the list holds').choices(KIND_NAMES).default('prospects'))
    .option(
      '--encoding <name>',
      "the file's text encoding when detection gets it wrong (utf-8, gb18030, utf-16le, big5...)",
    )
    .option(
      '--errors <file>',
      'where to write the bad rows (row, field, reason); default: import-reports/<file>.errors.csv in OUTPUT_DIR (.data/files)',
    )
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `\nKinds of list (--as):\n${KIND_HELP}\n` +
        '\nExit codes: 0 every row imported; 4 some rows rejected (see the error report, good rows imported);\n' +
        '2 the file is missing, unreadable or its header lacks a required column (nothing imported); 3 the database cannot be reached.\n',
    )
    .action(async (file: string, options: ImportCommandOptions) => {
      const size = await fileSize(file);
      const kind = options.as;
      let errors: ErrorReport | undefined;
      // Rows the parser rejects while the header is read, before the report is open.
      const early: RowError[] = [];
      const bar = progressBar();
      let imported = 0;
      const prepared = await prepare(file, kind, options, {
        onError: (e) => (errors ? errors.write(e) : early.push(e)),
        onBytes: (bytes) => bar.update(bytes, { imported }),
      });
      try {
        await importPrepared();
      } finally {
        prepared.table.close();
      }

      async function importPrepared(): Promise<void> {
        await withContext(async (ctx) => {
          const errorPath =
            options.errors ??
            join(
              projectPath(ctx.config.OUTPUT_DIR),
              'import-reports',
              `${basename(file, extname(file))}.errors.csv`,
            );
          await mkdir(dirname(errorPath), { recursive: true });
          const { pool } = await ctx.db();
          errors = new ErrorReport(errorPath);
          early.forEach((e) => errors!.write(e));
          bar.start(size, 0, { imported });
          let summary: ImportSummary | undefined;
          // Prospects on file who are hot after this import: a lead campaign open for them owes a pack.
          const hotOnFile: number[] = [];
          try {
            summary = await runImport(
              pool,
              prepared,
              KINDS[kind].make({
                onBatch: (batch) => {
                  imported += batch.length;
                  for (const c of batch) if (!c.created && c.heat === 'high') hotOnFile.push(c.id);
                },
              }),
            );
          } finally {
            bar.stop();
            await errors.close(!!summary && !summary.fatal);
          }
          const report = toReport(file, kind, errorPath, summary, errors.lines);
          const written = summary.imported + summary.merged;
          if (summary.fatal && written === 0) {
            throw new CliError(`${file}: ${summary.fatal}; nothing imported`, EXIT.badInput);
          }
          const packs = await startPacksDue(ctx, hotOnFile);
          emit(options, { ...report, ...packs }, (r) => reportText(r) + (packs.packsStarted ? `\nhot-lead packs started  ${packs.packsStarted.length} (prospects now hot in an open lead campaign)` : ''));
          if (summary.invalid > 0 || summary.fatal) process.exitCode = EXIT.partial;
          if (packs.packsNotStarted) {
            process.stderr.write(`campaign: ${packs.packsNotStarted.count} hot-lead pack(s) due but not started: ${packs.packsNotStarted.reason}; import the file again once Temporal answers\n`);
            process.exitCode = EXIT.unreachable;
          }
        });
      }
    });
}
