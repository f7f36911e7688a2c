/**
 * The letter shop takes files: one merged PDF per print job plus a manifest CSV (piece id,
 * contact, name, address, postcode, city, pages) in an output folder. Files are written under a
 * temporary name and renamed, the manifest last, so the shop never picks up half a job.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { projectPath } from '../lib/project-path.js';

export interface ManifestRow {
  pieceId: string;
  contactId: number;
  name: string;
  address: string;
  postcode: string;
  city: string;
  pages: number;
}

export interface PrintJob {
  /** File-safe job id; the same id overwrites the same files (a retried job is one job). */
  jobId: string;
  pdf: Buffer;
  rows: ManifestRow[];
}

export type LetterShopOutcome =
  | { kind: 'accepted'; jobId: string; pdfPath: string; manifestPath: string }
  | { kind: 'transient'; reason: string };

export interface LetterShop {
  submit(job: PrintJob): Promise<LetterShopOutcome>;
}

const HEADER = ['piece_id', 'contact_id', 'name', 'address', 'postcode', 'city', 'pages'];

function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The manifest as CSV text (UTF-8 with a BOM, so spreadsheet tools read Chinese correctly). */
export function manifestCsv(rows: ManifestRow[]): string {
  const lines = [HEADER.join(',')];
  for (const r of rows) lines.push([r.pieceId, r.contactId, r.name, r.address, r.postcode, r.city, r.pages].map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** A letter shop that is a folder (config LETTER_SHOP_DIR; a relative path is under the project). */
export function createFolderLetterShop(dir: string): LetterShop {
  const root = projectPath(dir);
  return {
    async submit(job) {
      if (!/^[A-Za-z0-9._-]+$/.test(job.jobId)) throw new Error(`unsafe print job id: ${job.jobId}`);
      const pdfPath = join(root, `${job.jobId}.pdf`);
      const manifestPath = join(root, `${job.jobId}.csv`);
      try {
        await mkdir(root, { recursive: true });
        await writeFile(`${pdfPath}.part`, job.pdf);
        await rename(`${pdfPath}.part`, pdfPath);
        await writeFile(`${manifestPath}.part`, manifestCsv(job.rows), 'utf8');
        await rename(`${manifestPath}.part`, manifestPath);
        return { kind: 'accepted', jobId: job.jobId, pdfPath, manifestPath };
      } catch (err) {
        // A full disk or an unmounted share clears up; the activity retries.
        return { kind: 'transient', reason: err instanceof Error ? err.message : String(err) };
      }
    },
  };
}
