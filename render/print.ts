/**
 * Print: one merged PDF per batch, the way a letter shop takes a job. Each piece starts on a new
 * page: the cover letter, then the pack's sheets (when the template lists any), then the reply
 * card (when the template requires one). The page count of every piece is returned for the
 * letter shop's manifest.
 */
import { newDocument } from './pdf/document.js';
import { FontChooser } from './pdf/fonts.js';
import { drawLetter } from './pdf/letter.js';
import { drawReplyCard, qrPng } from './pdf/reply-card.js';
import { drawSheet } from './pdf/sheet.js';
import { checkRequires, renderPlainBody, renderSheet, renderSubject, rootContext } from './piece.js';
import type { SheetName } from './front-matter.js';
import type { TemplateStore } from './template-store.js';
import type { PieceContext, PrintBatch, PrintPiece } from './types.js';

interface Prepared {
  piece: PrintPiece;
  subject: string;
  body: string;
  sheets: { title: string; body: string }[];
  qr: Buffer | null;
}

/** Everything that can fail in a template is rendered before drawing starts: a bad piece fails the batch early. */
async function prepare(store: TemplateStore, piece: PrintPiece): Promise<Prepared> {
  const template = store.piece(piece.template, piece.context.contact.language);
  checkRequires(template, piece.context);
  const root = rootContext(piece.context, 'post');
  const replyCard = template.header.requires.includes('replyCard') ? piece.context.replyCard : null;
  return {
    piece,
    subject: renderSubject(template, root),
    body: renderPlainBody(template, root, 'print'),
    sheets: template.header.sheets.map((name) => renderSheet(store, name, root)),
    qr: replyCard ? await qrPng(replyCard.replyUrl) : null,
  };
}

function latestDate(pieces: PrintPiece[]): Date {
  const times = pieces.map((p) => Date.parse(p.context.date)).filter((t) => !Number.isNaN(t));
  return new Date(times.length ? Math.max(...times) : 0);
}

export interface PrintOptions {
  /**
   * For a letter shop printing on both sides: a piece that ends on a front page gets a blank
   * back, so the next piece starts on a sheet of its own (the blank is counted in its pages).
   */
  duplex?: boolean;
  /** The PDF's title (its metadata). */
  title?: string;
}

export async function renderPrintBatchWith(store: TemplateStore, pieces: PrintPiece[], options: PrintOptions = {}): Promise<PrintBatch> {
  const title = options.title ?? 'print batch';
  const prepared = await Promise.all(pieces.map((piece) => prepare(store, piece)));
  const { doc, bytes } = newDocument(title, latestDate(pieces));
  let pages = 0;
  doc.on('pageAdded', () => pages++);
  const fonts = new FontChooser(doc);
  const counts: PrintBatch['pieces'] = [];
  for (const { piece, subject, body, sheets, qr } of prepared) {
    const before = pages;
    drawLetter(doc, fonts, piece.context, piece.pieceId, subject, body);
    for (const sheet of sheets) drawSheet(doc, fonts, piece.context, sheet.title, sheet.body);
    if (qr && piece.context.replyCard) drawReplyCard(doc, fonts, piece.context, piece.context.replyCard, qr);
    if (options.duplex && (pages - before) % 2 === 1) doc.addPage();
    counts.push({ pieceId: piece.pieceId, pages: pages - before });
  }
  doc.end();
  return { pdf: await bytes, pieces: counts };
}

/** One sheet as its own PDF (an e-mail attachment). */
export async function renderSheetPdfWith(store: TemplateStore, name: SheetName, context: PieceContext): Promise<{ filename: string; content: Buffer }> {
  const sheet = renderSheet(store, name, rootContext(context, 'email'));
  const { doc, bytes } = newDocument(sheet.title, new Date(Date.parse(context.date) || 0));
  drawSheet(doc, new FontChooser(doc), context, sheet.title, sheet.body);
  doc.end();
  return { filename: sheet.filename, content: await bytes };
}
