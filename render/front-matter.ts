/**
 * A template file starts with a small header between `---` lines: one `key: value` per line.
 * Values are Handlebars too where they are text (the subject); lists are comma-separated.
 * No YAML: the header is a handful of flat keys and a parser this size cannot surprise anyone.
 */
import { z } from 'zod';

export const SHEETS = ['brochure', 'catalogue', 'price-list', 'sales-service', 'after-sales-service', 'dealers'] as const;
export type SheetName = (typeof SHEETS)[number];

/** Context parts a template needs; rendering without one is an error, not a blank in the letter. */
export const REQUIRABLE = [
  'replyCard',
  'models',
  'dealers',
  'serviceCentres',
  'vehicle',
  'booking',
  'booking.slot',
  'booking.surveyUrl',
  'occasion',
  'occasion.partner',
  'occasion.trip',
  'occasion.gift',
] as const;
export type Requirable = (typeof REQUIRABLE)[number];

const list = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .string()
    .default('')
    .transform((s) => s.split(',').map((v) => v.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values)));

export const pieceHeader = z
  .object({
    subject: z.string().min(1),
    /** Sheets attached to the e-mail and printed after the cover letter. */
    sheets: list(SHEETS),
    requires: list(REQUIRABLE),
  })
  .strict();
export type PieceHeader = z.infer<typeof pieceHeader>;

export const sheetHeader = z.object({ title: z.string().min(1), filename: z.string().min(1) }).strict();
export type SheetHeader = z.infer<typeof sheetHeader>;

/**
 * Splits a file into its header fields and its body. The body keeps one empty line for each
 * header line, so Handlebars' line numbers in errors are the file's. No header, no fields.
 */
export function splitFrontMatter(source: string): { fields: Record<string, string>; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(source);
  if (!match) return { fields: {}, body: source };
  const fields: Record<string, string> = {};
  for (const line of (match[1] ?? '').split(/\r?\n/)) {
    if (!line.trim()) continue;
    const colon = line.indexOf(':');
    if (colon < 1) throw new Error(`front matter line is not "key: value": ${line}`);
    fields[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  const headerLines = match[0].split('\n').length - 1;
  return { fields, body: '\n'.repeat(headerLines) + source.slice(match[0].length) };
}

/** A zod error as one line: "requires: invalid option ...". */
export function headerError(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'header'}: ${issue.message}`).join('; ');
}
