/**
 * Markup to a plain-text e-mail part that reads like a letter: paragraphs wrapped at 72 columns,
 * headings underlined, tables aligned, links written out as "label <url>". Chinese characters
 * take two columns and lines may break between them (Chinese has no spaces), but never before
 * closing punctuation such as ，。） or after opening punctuation such as （《, and never inside a
 * time, a number or a URL: those are written without spaces (or with no-break spaces, '3:00 pm')
 * and stay whole, also where they meet Chinese text.
 */
import { parseBlocks, parseInline, type Block } from './markup.js';

export const TEXT_WIDTH = 72;

/**
 * Whether a UTF-16 unit is a wide (two-column) character: Hangul Jamo, CJK, Hangul syllables,
 * compatibility ideographs and forms, full-width forms. All of them lie in the BMP. A range check
 * rather than a regular expression: it runs for every character of every text part.
 */
function isWide(code: number): boolean {
  return (
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6)
  );
}

const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;
const NO_BREAK_BEFORE = new Set([...'，。、；：？！）》」』】〕…—·%,.;:!?)]']);
/** All in the BMP, so the last UTF-16 unit of a unit is enough to test. */
const NO_BREAK_AFTER = new Set([...'（《「『【〔([']);

/** Columns a string takes in a monospace font. */
export function displayWidth(text: string): number {
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A character outside the BMP is one column, counted at its high surrogate.
    if (!isLowSurrogate(code)) width += isWide(code) ? 2 : 1;
  }
  return width;
}

function inlineText(line: string): string {
  return parseInline(line)
    .map((span) => (span.url && span.url !== span.text ? `${span.text} <${span.url}>` : span.text))
    .join('');
}

/** Atoms: a Latin word with its trailing spaces (a number, a time, a URL: no space inside), or one wide character. */
function atoms(text: string): string[] {
  const out: string[] = [];
  let word = '';
  for (const ch of text) {
    if (isWide(ch.charCodeAt(0))) {
      if (word) out.push(word);
      word = '';
      out.push(ch);
    } else if (ch === ' ') {
      word += ch;
      out.push(word);
      word = '';
    } else word += ch;
  }
  if (word) out.push(word);
  return out;
}

const last = (unit: string): string => unit.slice(-1);
const wide = (ch: string): boolean => ch !== '' && isWide(ch.charCodeAt(0));
const narrowInk = (ch: string): boolean => ch !== '' && ch !== ' ' && !wide(ch);

/**
 * Whether a line may break between two atoms. Never before closing punctuation (，。）) or after
 * opening punctuation (（《), and never where Chinese meets Latin letters or digits with no space
 * between: '2026年12月5日', '101号', '（沪A·12345）' and a time or number beside Chinese stay whole.
 */
function mayBreak(before: string, after: string): boolean {
  const end = last(before);
  const start = after.charAt(0);
  if (NO_BREAK_BEFORE.has(start) || NO_BREAK_AFTER.has(end)) return false;
  // A URL may start a line: glued to the Chinese before it, it would drag '参加：' along ('参\n加：https://…').
  if (after.startsWith('http://') || after.startsWith('https://')) return true;
  if ((narrowInk(end) && wide(start)) || (wide(end) && narrowInk(start))) return false;
  return true;
}

/** Break units: atoms joined wherever a line may not break between them. */
function units(text: string): string[] {
  const out: string[] = [];
  for (const atom of atoms(text)) {
    const prev = out[out.length - 1];
    if (prev !== undefined && !mayBreak(prev, atom)) out[out.length - 1] = prev + atom;
    else out.push(atom);
  }
  return out;
}

/** Wraps one logical line; `indent` starts every line, `hanging` continues after the first. */
export function wrap(text: string, width = TEXT_WIDTH, indent = '', hanging = indent): string[] {
  const lines: string[] = [];
  let line = indent;
  let lineWidth = displayWidth(indent);
  let empty = true;
  for (const unit of units(text)) {
    const unitWidth = displayWidth(unit.trimEnd());
    if (!empty && lineWidth + unitWidth > width) {
      lines.push(line.trimEnd());
      line = hanging;
      lineWidth = displayWidth(hanging);
    }
    line += unit;
    lineWidth += displayWidth(unit);
    empty = false;
  }
  lines.push(line.trimEnd());
  return lines;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

function table(rows: string[][]): string[] {
  const cells = rows.map((row) => row.map(inlineText));
  const columns = Math.max(...cells.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, c) => Math.max(...cells.map((row) => displayWidth(row[c] ?? ''))));
  const total = widths.reduce((a, b) => a + b, 0) + 2 * (columns - 1);
  if (total > TEXT_WIDTH) {
    // Too wide to align: one record per paragraph, "header: value" per line.
    const [head = [], ...body] = cells;
    return body.flatMap((row, r) => [...(r > 0 ? [''] : []), ...row.flatMap((cell, c) => wrap(`${head[c] ?? ''}: ${cell}`, TEXT_WIDTH, '', '    '))]);
  }
  const line = (row: string[]) => row.map((cell, c) => pad(cell, widths[c] ?? 0)).join('  ').trimEnd();
  const [head = [], ...body] = cells;
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
}

function block(b: Block): string[] {
  switch (b.kind) {
    case 'heading': {
      const text = inlineText(b.text);
      return [text, (b.level === 1 ? '=' : '-').repeat(Math.min(TEXT_WIDTH, displayWidth(text)))];
    }
    case 'paragraph':
      return b.lines.flatMap((line) => wrap(inlineText(line)));
    case 'list':
      return b.items.flatMap((item) => wrap(inlineText(item), TEXT_WIDTH, '  - ', '    '));
    case 'note':
      return b.lines.flatMap((line) => wrap(inlineText(line), TEXT_WIDTH, '  | ', '  | '));
    case 'button': {
      const label = inlineText(b.label);
      return [`${label}${isWide(label.charCodeAt(label.length - 1)) ? '：' : ':'}`, `  ${b.url}`];
    }
    case 'rule':
      return ['-'.repeat(TEXT_WIDTH)];
    case 'table':
      return table(b.rows);
  }
}

/** Renders markup (not HTML-escaped) as wrapped plain text; no-break spaces (see `nobr`) kept words together and become plain spaces. */
export function markupToText(source: string): string {
  return parseBlocks(source)
    .map((b) => block(b).join('\n'))
    .join('\n\n')
    .replace(/\u00a0/g, ' ');
}
