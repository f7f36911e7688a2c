/**
 * Draws markup (see markup.ts) with pdfkit from the current position down, between the page
 * margins, adding pages as the text runs on. Links print as "label (url)": a reader of paper
 * cannot click, and the preview keeps them clickable.
 */
import { parseBlocks, parseInline, type Block, type Span } from '../markup.js';
import { latinCanDraw, type FontChooser } from './fonts.js';

export const BODY_SIZE = 10;
const LINE_GAP = 2.5;
const BLOCK_GAP = 7;

interface Box {
  x: number;
  width: number;
}

function spansForPrint(line: string): Span[] {
  return parseInline(line).map((span) =>
    span.url && span.url !== span.text ? { ...span, text: `${span.text} (${span.url})` } : span,
  );
}

/** Draws one line of spans as a wrapped paragraph starting at (x, doc.y). */
function drawSpans(doc: PDFKit.PDFDocument, fonts: FontChooser, spans: Span[], box: Box, size: number, bold = false): void {
  if (spans.length === 0) spans = [{ text: ' ', bold: false, url: null }];
  const cjk = spans.some((span) => !latinCanDraw(span.text));
  spans.forEach((span, i) => {
    const last = i === spans.length - 1;
    fonts.use(span.text, bold || span.bold, cjk).fontSize(size);
    const options: PDFKit.Mixins.TextOptions = { continued: !last, lineGap: LINE_GAP, link: span.url ?? undefined };
    if (i === 0) doc.text(span.text, box.x, doc.y, { ...options, width: box.width });
    else doc.text(span.text, options);
  });
}

function bottom(doc: PDFKit.PDFDocument): number {
  return doc.page.height - doc.page.margins.bottom;
}

/** Starts a new page when fewer than `height` points are left. */
export function ensureSpace(doc: PDFKit.PDFDocument, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

function textHeight(doc: PDFKit.PDFDocument, fonts: FontChooser, text: string, width: number, size: number, bold = false): number {
  fonts.use(text, bold).fontSize(size);
  return doc.heightOfString(text || ' ', { width, lineGap: LINE_GAP });
}

function drawTable(doc: PDFKit.PDFDocument, fonts: FontChooser, rows: string[][], box: Box, size: number): void {
  const plain = rows.map((row) => row.map((cell) => spansForPrint(cell).map((s) => s.text).join('')));
  const columns = Math.max(...plain.map((row) => row.length));
  const pad = 4;
  // Columns share the width in proportion to their widest cell, each at least a sixth of its share.
  const natural = Array.from({ length: columns }, (_, c) =>
    Math.max(...plain.map((row, r) => {
      const text = row[c] ?? '';
      fonts.use(text, r === 0).fontSize(size);
      return doc.widthOfString(text) + 2 * pad;
    })),
  );
  const total = natural.reduce((a, b) => a + b, 0);
  const widths = total <= box.width ? natural.map((w, c) => (c === columns - 1 ? w + box.width - total : w)) : natural.map((w) => Math.max(box.width / columns / 6, (w / total) * box.width));
  plain.forEach((row, r) => {
    const height = Math.max(...row.map((cell, c) => textHeight(doc, fonts, cell, (widths[c] ?? 0) - 2 * pad, size, r === 0))) + 2 * pad;
    ensureSpace(doc, height);
    const top = doc.y;
    if (r === 0) doc.save().rect(box.x, top, box.width, height).fill('#eeeeee').restore();
    let x = box.x;
    row.forEach((cell, c) => {
      fonts.use(cell, r === 0).fontSize(size).fillColor('#000000');
      doc.text(cell, x + pad, top + pad, { width: (widths[c] ?? 0) - 2 * pad, lineGap: LINE_GAP });
      x += widths[c] ?? 0;
    });
    doc.save().moveTo(box.x, top + height).lineTo(box.x + box.width, top + height).lineWidth(0.5).stroke('#999999').restore();
    doc.y = top + height;
  });
  doc.x = box.x;
}

function drawBoxed(doc: PDFKit.PDFDocument, fonts: FontChooser, lines: string[], box: Box, size: number, bold: boolean): void {
  const pad = 6;
  const inner = { x: box.x + pad, width: box.width - 2 * pad };
  const texts = lines.map((line) => spansForPrint(line).map((s) => s.text).join(''));
  const height = texts.reduce((h, text) => h + textHeight(doc, fonts, text, inner.width, size, bold), 0) + 2 * pad;
  ensureSpace(doc, height);
  const top = doc.y;
  doc.save().rect(box.x, top, box.width, height).fill('#f1f4f8').restore();
  doc.save().rect(box.x, top, 2, height).fill('#1f4e79').restore();
  doc.fillColor('#000000');
  doc.y = top + pad;
  for (const line of lines) drawSpans(doc, fonts, spansForPrint(line), inner, size, bold);
  doc.y = top + height;
  doc.x = box.x;
}

function drawBlock(doc: PDFKit.PDFDocument, fonts: FontChooser, block: Block, box: Box): void {
  switch (block.kind) {
    case 'heading': {
      const size = block.level === 1 ? 16 : 12;
      ensureSpace(doc, size * 3);
      drawSpans(doc, fonts, spansForPrint(block.text), box, size, true);
      break;
    }
    case 'paragraph':
      for (const line of block.lines) drawSpans(doc, fonts, spansForPrint(line), box, BODY_SIZE);
      break;
    case 'list':
      for (const item of block.items) {
        ensureSpace(doc, BODY_SIZE * 1.5);
        const top = doc.y;
        fonts.use('•').fontSize(BODY_SIZE).text('•', box.x + 4, top, { lineBreak: false });
        doc.y = top;
        drawSpans(doc, fonts, spansForPrint(item), { x: box.x + 16, width: box.width - 16 }, BODY_SIZE);
      }
      break;
    case 'table':
      drawTable(doc, fonts, block.rows, box, BODY_SIZE - 1);
      break;
    case 'note':
      drawBoxed(doc, fonts, block.lines, box, BODY_SIZE, false);
      break;
    case 'button':
      drawBoxed(doc, fonts, [`**${block.label}**`, block.url], box, BODY_SIZE, false);
      break;
    case 'rule':
      doc.save().moveTo(box.x, doc.y).lineTo(box.x + box.width, doc.y).lineWidth(0.5).stroke('#999999').restore();
      break;
  }
  doc.x = box.x;
  doc.y += BLOCK_GAP;
}

/** Draws a markup body in the text column of the current page, from doc.y on. */
export function drawMarkup(doc: PDFKit.PDFDocument, fonts: FontChooser, source: string): void {
  const box = { x: doc.page.margins.left, width: doc.page.width - doc.page.margins.left - doc.page.margins.right };
  for (const block of parseBlocks(source)) drawBlock(doc, fonts, block, box);
}
