/**
 * The kinds of list `campaign import --as <kind>` takes, each with its columns and how it is
 * written, and the figures of the summary that mean something for it.
 */
import { prospectKind, type ImportOptions } from './import-prospects.js';
import { ownerKind } from './import-owners.js';
import { dealerKind, modelKind, serviceCentreKind } from './import-network.js';
import type { ImportKind } from './run-import.js';

/** A figure of the summary: its label for people and its name in the JSON report. */
export type SummaryLine = [label: string, figure: 'imported' | 'merged' | 'duplicates' | 'suppressed' | 'newlyHot' | 'vehicles'];

export interface KindEntry {
  /** What the list holds, for --help. */
  description: string;
  make(options: ImportOptions): ImportKind<string, unknown>;
  lines: SummaryLine[];
}

const erase = <C extends string, R>(kind: ImportKind<C, R>): ImportKind<string, unknown> => kind as unknown as ImportKind<string, unknown>;

/** Network files are added or updated by code. */
const network: SummaryLine[] = [
  ['added', 'imported'],
  ['updated', 'merged'],
  ['repeated codes', 'duplicates'],
];

export const KINDS = {
  prospects: {
    description: 'prospects with screening answers (name, source, and e-mail, phone or address)',
    make: (options) => erase(prospectKind(options)),
    lines: [
      ['imported', 'imported'],
      ['merged', 'merged'],
      ['duplicates', 'duplicates'],
      ['suppressed', 'suppressed'],
      ['newly hot', 'newlyHot'],
    ],
  },
  owners: {
    description: 'owners and their cars, one car a row (name, e-mail, phone or address; VIN, model, dates, dealer)',
    make: () => erase(ownerKind()),
    lines: [
      ['owners added', 'imported'],
      ['owners merged', 'merged'],
      ['more rows of an owner', 'duplicates'],
      ['vehicles', 'vehicles'],
    ],
  },
  dealers: {
    description: 'dealers by code (names in Chinese and/or English, address, postcode, city, phone, hours, models sold)',
    make: () => erase(dealerKind()),
    lines: network,
  },
  'service-centres': {
    description: 'service centres by code (the same columns as dealers, models serviced)',
    make: () => erase(serviceCentreKind()),
    lines: network,
  },
  models: {
    description: 'the model catalogue by code (names per language, summary, features, prices "label: amount; ...", sheet)',
    make: () => erase(modelKind()),
    lines: network,
  },
} satisfies Record<string, KindEntry>;

export type KindName = keyof typeof KINDS;
export const KIND_NAMES = Object.keys(KINDS) as KindName[];
