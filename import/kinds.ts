/**
 * The kinds of list `campaign import --as <kind>` takes, each with its columns and how it is
 * written, and the lines of the summary that mean something for it.
 */
import { prospectKind, type ImportOptions } from './import-prospects.js';
import type { ImportKind, ImportSummary } from './run-import.js';

/** Summary figures a kind reports besides rows, invalid and the error report. */
export type SummaryLine = [label: string, value: (s: ImportSummary) => number];

export interface KindEntry {
  /** What the list holds, for --help. */
  description: string;
  make(options: ImportOptions): ImportKind<string, unknown>;
  lines: SummaryLine[];
}

export const KINDS = {
  prospects: {
    description: 'prospects with screening answers (name, source, and e-mail, phone or address)',
    make: (options) => prospectKind(options) as unknown as ImportKind<string, unknown>,
    lines: [
      ['imported', (s) => s.imported],
      ['merged', (s) => s.merged],
      ['duplicates', (s) => s.duplicatesInFile],
      ['suppressed', (s) => s.suppressed],
      ['newly hot', (s) => s.newlyHot],
    ],
  },
} satisfies Record<string, KindEntry>;

export type KindName = keyof typeof KINDS;
export const KIND_NAMES = Object.keys(KINDS) as KindName[];
