/**
 * A list's source as people write it ("dealer walk-in", "杂志回函", "MAG-07") is kept as given, and
 * a stable code is derived from it for reports and segments: the same label always gives the same
 * code. A label that is already a code (letters, digits, . _ -) is its own code, so the codes on
 * file stay as they were; otherwise the code is the label in lower case with each run of spaces
 * and punctuation made one dash ("dealer walk-in" -> "dealer-walk-in"; Chinese stays Chinese).
 */
import { createHash } from 'node:crypto';

const CODE = /^[\p{L}\p{N}._-]{1,40}$/u;
const MAX = 40;

/** The report code of a source label; null for a label with no letter or digit at all. */
export function sourceCodeOf(label: string): string | null {
  const text = label.normalize('NFKC').trim();
  if (CODE.test(text)) return text;
  const slug = text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  if (!slug) return null;
  if (slug.length <= MAX) return slug;
  // A long label keeps its start, and a hash of the whole keeps two long labels apart.
  const hash = createHash('sha1').update(text).digest('hex').slice(0, 6);
  return `${slug.slice(0, MAX - 7).replace(/-+$/, '')}-${hash}`;
}

/** Longest source label kept. */
export const MAX_SOURCE_LABEL = 200;
