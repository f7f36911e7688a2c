import { displayWidth } from '../render/markup-text.js';
import { badInput } from './errors.js';

/** Output for people (aligned text) or for scripts (--json on stdout, one document). */

export interface OutputOptions {
  json?: boolean;
}

/** Prints `value` as JSON with --json, otherwise the human text `text(value)`. */
export function emit<T>(options: OutputOptions, value: T, text: (value: T) => string): void {
  process.stdout.write(options.json ? `${JSON.stringify(value, null, 2)}\n` : `${text(value)}\n`);
}

/** Pads to `width` columns as a terminal shows them: a Chinese character takes two. */
const padEnd = (text: string, width: number): string => text + ' '.repeat(Math.max(0, width - displayWidth(text)));
const padStart = (text: string, width: number): string => ' '.repeat(Math.max(0, width - displayWidth(text))) + text;

/** A two-column table of label and value. */
export function table(rows: [string, string | number][]): string {
  const width = Math.max(0, ...rows.map(([label]) => displayWidth(label)));
  return rows.map(([label, value]) => `${padEnd(label, width)}  ${value}`).join('\n');
}

/** A table with a header row, columns aligned; columns of figures (numbers, percentages, '-') to the right. */
export function grid(header: string[], rows: (string | number)[][]): string {
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(String(r[i] ?? '')))));
  const figures = header.map((_, i) => rows.every((r) => typeof r[i] === 'number' || /^(-|\d+(\.\d+)?%)$/.test(String(r[i]))));
  const line = (cells: (string | number)[]): string =>
    cells
      .map((c, i) => (figures[i] ? padStart(String(c), widths[i]!) : padEnd(String(c), widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** Parses a positive integer argument or fails with the argument's name. */
export function positiveInt(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw badInput(`${name} must be a positive whole number, got '${value}'`);
  return n;
}
