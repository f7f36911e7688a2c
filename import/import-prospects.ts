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
import { copyRows } from './copy-rows.js';
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

const STAGED = [
  'ord', 'name', 'title', 'company', 'industry', 'address', 'postcode', 'city', 'email', 'phone', 'language', 'time_zone',
  'consent_email', 'consent_post', 'consent_phone', 'heat', 'source_code', 'birthday', 'screening', 'source_label',
];

/** Connections that have the session's staging table already. */
const staged = new WeakSet<object>();

interface Staged {
  ord: number;
  id: number | null;
  heat: Heat | null;
  blocked: boolean;
}

/**
 * Writes one batch in one transaction: its rows are COPYed to the session's staging table, then
 * matched against the contacts and suppressions on file in one statement, the new ones inserted
 * from the staging table and the known ones merged.
 */
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
  const client = await pool.connect();
  try {
    if (!staged.has(client)) {
      await client.query(sql('import-create-staging'));
      staged.add(client);
    }
    await client.query('BEGIN');
    // A consent a re-imported row changes is kept in the consent history as the import's doing.
    await client.query(sql('who-changes-consent'), ['the list import', 'campaign import', '']);
    await copyRows(
      client,
      'import_staging',
      STAGED,
      unique.map((p, i) => [
        i, p.name, p.title, p.company, p.industry, p.address, p.postcode, p.city, p.email, p.phone, p.language, p.timeZone,
        p.consentEmail, p.consentPost, p.consentPhone, p.heat, p.source, p.birthday, JSON.stringify(p.screening), p.sourceLabel,
      ]),
    );
    const matches = (await client.query<Staged>(sql('import-staged-matches'))).rows;
    const fresh: number[] = [];
    const merge: { existing: Existing; prospect: ProspectRow }[] = [];
    const merging = new Set<number>();
    for (const m of matches) {
      const p = unique[m.ord]!;
      if (m.id !== null) {
        // Two rows of the batch may find the same contact (one by e-mail, one by phone).
        if (merging.has(m.id)) summary.duplicatesInFile += 1;
        else {
          merging.add(m.id);
          merge.push({ existing: { id: m.id, email: p.email, phone: p.phone, heat: m.heat }, prospect: p });
        }
        continue;
      }
      if (m.blocked) summary.suppressed += 1;
      fresh.push(m.ord);
    }
    const imported: ImportedContact[] = [];
    if (fresh.length) {
      const { rows } = await client.query<{ id: number; heat: Heat }>(sql('import-insert-staged'), [fresh]);
      summary.imported += rows.length;
      summary.duplicatesInFile += fresh.length - rows.length;
      for (const r of rows) imported.push({ id: r.id, heat: r.heat, created: true, becameHot: r.heat === 'high' });
    }
    if (merge.length) {
      const answers = merge.map(({ prospect: p }) =>
        JSON.stringify(Object.fromEntries(Object.entries(p.screening).filter(([, v]) => v !== null && !(Array.isArray(v) && v.length === 0)))),
      );
      const { rows } = await client.query<{ id: number; heat: Heat }>(sql('import-update-existing'), [
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
    await client.query('COMMIT');
    summary.newlyHot += imported.filter((c) => c.becameHot).length;
    if (options.onBatch && imported.length) await options.onBatch(imported);
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
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
