/**
 * Streams a list of prospects (any CSV or .xlsx a partner sends, see table-reader.ts) into
 * contacts: each row validated and normalised, duplicates
 * (by e-mail or phone) merged into the existing contact with heat re-scored, suppressed addresses
 * imported without consent on that channel. Rows are written in batches, so memory stays flat for
 * any file size. Every bad row is reported with its line, field and reason.
 */
import type { Readable } from 'node:stream';
import type pg from 'pg';
import { sql } from '../db/queries.js';
import type { Heat } from '../activities/types.js';
import { PROSPECT_SPEC, type Column } from './columns.js';
import { normaliseRow, type ProspectRow } from './normalise.js';
import { importFile, type ImportKind, type ImportSummary, type RunOptions } from './run-import.js';

export type { ImportSummary } from './run-import.js';

export interface ImportedContact {
  id: number;
  heat: Heat;
  /** False when the row matched a contact already on file (its answers were merged). */
  created: boolean;
  /** Was not high heat before this import and is now: the hot-lead pack is due. */
  becameHot: boolean;
}

export interface ImportOptions extends RunOptions {
  /** Each written batch, e.g. to start lead routing for the new and newly hot prospects. */
  onBatch?: (contacts: ImportedContact[]) => void | Promise<void>;
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
      col((p) => p.heat), col((p) => p.source), col((p) => p.birthday), col((p) => JSON.stringify(p.screening)), col((p) => p.sourceLabel),
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
      merge.map((m) => m.prospect.sourceLabel),
    ]);
    const before = new Map(merge.map((m) => [m.existing.id, m.existing.heat]));
    summary.merged += rows.length;
    for (const r of rows) imported.push({ id: r.id, heat: r.heat, created: false, becameHot: r.heat === 'high' && before.get(r.id) !== 'high' });
  }
  summary.newlyHot += imported.filter((c) => c.becameHot).length;
  if (options.onBatch && imported.length) await options.onBatch(imported);
}

/** The prospect list as an import kind; `options.onBatch` hears of each written batch. */
export function prospectKind(options: ImportOptions = {}): ImportKind<Column, ProspectRow> {
  return {
    spec: PROSPECT_SPEC,
    normalise: (cells, positions, row) => {
      const result = normaliseRow(cells, positions, row);
      return result.ok ? { ok: true, value: result.prospect } : result;
    },
    write: (pool, batch, summary) => writeBatch(pool, batch, summary, options),
  };
}

/** Imports a list of prospects: a file by path (any format we read) or a UTF-8 CSV stream. */
export async function importProspects(pool: pg.Pool, input: string | Readable, options: ImportOptions = {}): Promise<ImportSummary> {
  return importFile(pool, input, prospectKind(options), options);
}
