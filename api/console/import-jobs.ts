/**
 * Imports started from the console: the uploaded file is imported by the same code as
 * `campaign import` (import/run-import.ts importFile, the same kinds), in the background, while
 * the page shows its progress; bad rows go to an error report as the CLI writes it. Jobs are
 * kept in this process's memory (the data they import is in Postgres; only the progress is not).
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { join } from 'node:path';
import { packsDue, startPacks } from '../../client/heat.js';
import type { CampaignClient } from '../../client/start.js';
import { KINDS, type KindName } from '../../import/kinds.js';
import type { RowError } from '../../import/normalise.js';
import { importFile, type ImportSummary } from '../../import/run-import.js';
import type { Logger } from '../../lib/logger.js';

export interface ImportJob {
  id: string;
  userId: number;
  file: string;
  kind: KindName;
  size: number;
  bytes: number;
  written: number;
  state: 'running' | 'done' | 'failed';
  startedAt: Date;
  summary?: ImportSummary;
  errorLines: number;
  errorReport: string;
  packsStarted?: number;
  problem?: string;
}

const jobs = new Map<string, ImportJob>();
const KEEP = 200;

/** One CSV field, quoted when it holds a comma, quote or line break. */
const csvField = (value: string | number): string => {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export function findJob(id: string): ImportJob | undefined {
  return jobs.get(id);
}

export function recentJobs(): ImportJob[] {
  return [...jobs.values()].reverse();
}

/** A job id, and the names of its upload and error report under OUTPUT_DIR. */
export function newJobPaths(outputDir: string, fileName: string): { id: string; upload: string; report: string } {
  const id = randomBytes(8).toString('hex');
  const safe = fileName.replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(-100) || 'upload';
  return { id, upload: join(outputDir, 'uploads', `${id}-${safe}`), report: join(outputDir, 'import-reports', `${id}-${safe.replace(/\.[^.]+$/, '')}.errors.csv`) };
}

/** Starts importing an uploaded file; returns at once with the job, whose fields move as it runs. */
export async function startImportJob(
  client: CampaignClient,
  log: Logger,
  job: { id: string; userId: number; file: string; kind: KindName; upload: string; report: string; encoding?: string },
  onDone: (job: ImportJob) => Promise<void>,
): Promise<ImportJob> {
  await mkdir(join(job.report, '..'), { recursive: true });
  const entry: ImportJob = { id: job.id, userId: job.userId, file: job.file, kind: job.kind, size: (await stat(job.upload)).size, bytes: 0, written: 0, state: 'running', startedAt: new Date(), errorLines: 0, errorReport: job.report };
  jobs.set(job.id, entry);
  while (jobs.size > KEEP) jobs.delete(jobs.keys().next().value!);
  let out: WriteStream | undefined;
  const hot: number[] = [];
  const onError = (e: RowError): void => {
    if (!out) {
      out = createWriteStream(job.report, { encoding: 'utf8' });
      out.write('row,field,reason\n');
    }
    entry.errorLines += 1;
    out.write(`${csvField(e.row)},${csvField(e.field)},${csvField(e.reason)}\n`);
  };
  const run = async (): Promise<void> => {
    try {
      const kind = KINDS[job.kind].make({
        onBatch: (batch) => {
          entry.written += batch.length;
          for (const c of batch) if (!c.created && c.heat === 'high') hot.push(c.id);
        },
      });
      entry.summary = await importFile(client.pool, job.upload, kind, { keepErrors: 0, onError, onBytes: (n) => (entry.bytes = n), encoding: job.encoding });
      if (entry.summary.fatal && entry.summary.imported + entry.summary.merged === 0) entry.problem = `${entry.summary.fatal}; nothing imported`;
      // Prospects whom the file made hot, in a lead campaign open for them, get its pack now.
      const due = hot.length ? await packsDue(client.pool, hot) : [];
      if (due.length) entry.packsStarted = (await startPacks(client, due)).length;
      entry.state = entry.problem ? 'failed' : 'done';
    } catch (err) {
      entry.problem = (err as Error).message;
      entry.state = 'failed';
      log.error({ err, file: job.file }, 'console import failed');
    } finally {
      if (out) {
        out.end();
        await finished(out).catch(() => undefined);
      } else await writeFile(job.report, 'row,field,reason\n').catch(() => undefined);
      await onDone(entry).catch((err: unknown) => log.warn({ err }, 'console import: recording its end failed'));
    }
  };
  void run();
  return entry;
}
