/**
 * The light markup a rendered template body is written in. One source gives the HTML part, the
 * text part and the printed letter, so the three never drift apart:
 *
 *   # Title / ## Heading          headings
 *   - item                        list items
 *   | a | b |                     table rows (the first row is the header)
 *   > text                        a highlighted note (e.g. the booking or response code)
 *   => https://url Label          a call-to-action button (its own line)
 *   ---                           a rule
 *   other lines                   paragraphs; blocks are separated by blank lines and a line
 *                                 break inside a paragraph is kept (letters have short lines)
 *   **bold**, [label](url)        inline, anywhere
 */

export type Block =
  | { kind: 'heading'; level: 1 | 2; text: string }
  | { kind: 'paragraph'; lines: string[] }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; rows: string[][] }
  | { kind: 'note'; lines: string[] }
  | { kind: 'button'; url: string; label: string }
  | { kind: 'rule' };

export interface Span {
  text: string;
  bold: boolean;
  /** Set on a link: the label is `text`. */
  url: string | null;
}

type LineKind = 'heading' | 'list' | 'table' | 'note' | 'button' | 'rule' | 'text' | 'blank';

function lineKind(line: string): LineKind {
  if (line.trim() === '') return 'blank';
  if (/^#{1,2} /.test(line)) return 'heading';
  if (line.startsWith('- ')) return 'list';
  if (line.startsWith('|')) return 'table';
  if (line.startsWith('> ') || line === '>') return 'note';
  if (line.startsWith('=> ')) return 'button';
  if (/^-{3,}$/.test(line.trim())) return 'rule';
  return 'text';
}

function tableCells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((cell) => cell.trim());
}

/** Splits a rendered body into blocks. Leading indentation is ignored so templates can indent. */
export function parseBlocks(source: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  for (const raw of source.split(/\r?\n/)) {
    const line = raw.trim();
    const kind = lineKind(line);
    if (kind === 'blank') {
      current = null;
      continue;
    }
    if (kind === 'heading') {
      const level = line.startsWith('## ') ? 2 : 1;
      blocks.push({ kind: 'heading', level, text: line.slice(level + 1).trim() });
      current = null;
    } else if (kind === 'rule') {
      blocks.push({ kind: 'rule' });
      current = null;
    } else if (kind === 'button') {
      const [url = '', ...label] = line.slice(3).trim().split(/\s+/);
      blocks.push({ kind: 'button', url, label: label.join(' ') || url });
      current = null;
    } else if (kind === 'list') {
      if (current?.kind !== 'list') blocks.push((current = { kind: 'list', items: [] }));
      current.items.push(line.slice(2).trim());
    } else if (kind === 'table') {
      if (current?.kind !== 'table') blocks.push((current = { kind: 'table', rows: [] }));
      current.rows.push(tableCells(line));
    } else if (kind === 'note') {
      if (current?.kind !== 'note') blocks.push((current = { kind: 'note', lines: [] }));
      current.lines.push(line.slice(2).trim());
    } else {
      if (current?.kind !== 'paragraph') blocks.push((current = { kind: 'paragraph', lines: [] }));
      current.lines.push(line);
    }
  }
  return blocks;
}

const INLINE = /\*\*(.+?)\*\*|\[([^\]]+)\]\(([^)\s]+)\)/g;

/**
 * A URL written out in text: the characters a URL may hold, which stop at a space or at Chinese
 * text, less sentence punctuation at its end ('see https://x.cn/a.').
 */
const BARE_URL = /https?:\/\/[A-Za-z0-9\-._~:/?#[\]@!$&'*+,;=%()]*[A-Za-z0-9\-_~/#=&%+]/g;
/** What may follow a URL directly: nothing, a space, or ASCII sentence punctuation. */
const ENDS_URL = /^($|[\s.,;:!?)\]>])/;
const looksLikeUrl = (text: string): boolean => /^https?:\/\//.test(text.trim());

/** A space after every bare URL that something else follows directly (Chinese text, a full-width colon). */
function spaceAfterBareUrls(text: string): string {
  return text.replace(BARE_URL, (url, offset: number) => (ENDS_URL.test(text.slice(offset + url.length)) ? url : `${url} `));
}

/**
 * Splits a line into plain, bold and link spans. A URL shown as text (a bare one, or a link whose
 * label is the URL) is always followed by a space or the line's end, so no mail client or reader
 * runs it into the Chinese text after it.
 */
export function parseInline(line: string): Span[] {
  const spans: Span[] = [];
  let last = 0;
  for (const match of line.matchAll(INLINE)) {
    if (match.index > last) spans.push({ text: line.slice(last, match.index), bold: false, url: null });
    if (match[1] !== undefined) spans.push({ text: match[1], bold: true, url: null });
    else spans.push({ text: match[2] ?? '', bold: false, url: match[3] ?? '' });
    last = match.index + match[0].length;
  }
  if (last < line.length) spans.push({ text: line.slice(last), bold: false, url: null });
  return spans.map((span, i) => {
    const text = span.url ? span.text : spaceAfterBareUrls(span.text);
    const before = spans[i - 1];
    const afterUrl = before !== undefined && (before.url ? looksLikeUrl(before.text) : /https?:\/\/\S+$/.test(before.text));
    return { ...span, text: afterUrl && !ENDS_URL.test(text) ? ` ${text}` : text };
  });
}
