/**
 * The rows of an Excel workbook's first sheet as text cells, streamed (exceljs's WorkbookReader),
 * so a large owner file is never held in memory. Cells become the text a person sees: dates as
 * YYYY-MM-DD, numbers in full (a phone stored as a number keeps every digit), a hyperlinked
 * e-mail as its text, a formula as its result.
 */
import type { Readable } from 'node:stream';

export interface SheetRow {
  /** The row's number in the sheet (the header is usually 1). */
  row: number;
  cells: string[];
}

const pad = (n: number): string => String(n).padStart(2, '0');

function dateText(d: Date): string {
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const midnight = d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0;
  return midnight ? day : `${day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** One cell's value as text. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'object') {
    const v = value as {
      richText?: { text: string }[];
      text?: unknown;
      result?: unknown;
      error?: string;
      formula?: string;
    };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText(v.result);
    if (v.text !== undefined) return cellText(v.text);
    if (typeof v.error === 'string') return v.error;
  }
  return String(value);
}

/** Streams the first worksheet's non-empty rows. */
export async function* xlsxRows(input: string | Readable): AsyncGenerator<SheetRow> {
  // Loaded only for a workbook: it takes a third of a second, which every CLI command would pay.
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles tell a date from a number; hyperlinks are not needed, their cell text is.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  for await (const sheet of reader) {
    for await (const row of sheet) {
      // row.values is 1-based and sparse: index 0 is always empty.
      const values = row.values as unknown[];
      const cells: string[] = [];
      for (let i = 1; i < values.length; i += 1) cells.push(cellText(values[i]).trim());
      while (cells.length && cells[cells.length - 1] === '') cells.pop();
      if (cells.length) yield { row: row.number, cells };
    }
    // The first sheet only: a workbook's other sheets are notes, pivots, lookups.
    return;
  }
}
