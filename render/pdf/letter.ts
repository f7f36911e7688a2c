/**
 * The cover letter's first page frame (letterhead, fold marks, window address, information
 * block, footer) and its body. Geometry in geometry.ts (DIN 5008 form B).
 */
import { windowLines } from '../address.js';
import { formatDate } from '../format.js';
import type { PieceContext } from '../types.js';
import { drawMarkup } from './draw-markup.js';
import type { FontChooser } from './fonts.js';
import { ADDRESS_ZONE, BODY_TOP, FOLD_MARKS, INFO_BLOCK, MARGIN, PUNCH_MARK, RETURN_LINE, mm } from './geometry.js';
import { labels } from './labels.js';

const ADDRESS_SIZE = 10;
const MIN_ADDRESS_SIZE = 6;
const LEADING = 1.25;
/** Six lines at the normal size (DIN 5008); more lines are set smaller, up to what 6 pt allows. */
const MAX_ADDRESS_LINES = Math.floor(ADDRESS_ZONE.height / (MIN_ADDRESS_SIZE * LEADING));

/** Draws `text` without wrapping or page breaks, even below the bottom margin (footers). */
function drawFixed(doc: PDFKit.PDFDocument, text: string, x: number, y: number, options: PDFKit.Mixins.TextOptions = {}): void {
  const margin = doc.page.margins.bottom;
  doc.page.margins.bottom = 0;
  doc.text(text, x, y, { lineBreak: false, ...options });
  doc.page.margins.bottom = margin;
}

/**
 * The recipient's address, inside the window whatever its length: the size shrinks until every
 * line fits the zone's width and all lines its height; a line still too long at the smallest
 * size is cut, and lines past the tenth dropped (all but the last, the city or the name),
 * because text outside the window would be hidden by the envelope.
 */
function drawAddress(doc: PDFKit.PDFDocument, fonts: FontChooser, lines: string[]): void {
  const shown = lines.length > MAX_ADDRESS_LINES ? [...lines.slice(0, MAX_ADDRESS_LINES - 1), lines.at(-1) ?? ''] : lines;
  let size = Math.min(ADDRESS_SIZE, ADDRESS_ZONE.height / (shown.length * LEADING));
  const widest = () => Math.max(...shown.map((line) => fonts.use(line).fontSize(size).widthOfString(line)));
  while (size > MIN_ADDRESS_SIZE && widest() > ADDRESS_ZONE.width) size -= 0.5;
  const lineHeight = size * LEADING;
  shown.forEach((line, i) => {
    let text = line;
    fonts.use(text).fontSize(size);
    while (text.length > 1 && doc.widthOfString(text) > ADDRESS_ZONE.width) text = text.slice(0, -1);
    // Placed by baseline: Noto Sans and Noto Sans SC have different ascents, and a line in each
    // must still sit on the same grid.
    drawFixed(doc, text, ADDRESS_ZONE.x, ADDRESS_ZONE.y + size + i * lineHeight, { baseline: 'alphabetic' });
  });
}

function drawMarks(doc: PDFKit.PDFDocument): void {
  doc.save().lineWidth(0.4).strokeColor('#888888');
  for (const y of FOLD_MARKS) doc.moveTo(mm(3), y).lineTo(mm(8), y).stroke();
  doc.moveTo(mm(3), PUNCH_MARK).lineTo(mm(10), PUNCH_MARK).stroke();
  doc.restore();
}

function drawLetterhead(doc: PDFKit.PDFDocument, fonts: FontChooser, context: PieceContext): void {
  const { sender } = context;
  fonts.use(sender.company, true).fontSize(13).fillColor('#1f4e79');
  drawFixed(doc, sender.company, MARGIN.left, mm(14));
  fonts.use(sender.department).fontSize(8).fillColor('#555555');
  drawFixed(doc, sender.department, MARGIN.left, mm(21));
  fonts.use(sender.website).fontSize(8);
  drawFixed(doc, sender.website, INFO_BLOCK.x, mm(21), { width: INFO_BLOCK.width, align: 'right' });
  doc.fillColor('#000000');
}

function drawInfoBlock(doc: PDFKit.PDFDocument, fonts: FontChooser, context: PieceContext, pieceId: string): void {
  const l = labels(context.contact.language);
  const rows: [string, string][] = [
    [l.date, formatDate(context.date, context.contact.language, context.contact.timeZone)],
    [l.reference, [context.campaign.sourceCode, pieceId].filter(Boolean).join(' / ')],
    [l.hotline, context.sender.hotline],
    ['', context.sender.hotlineHours],
  ];
  let y = INFO_BLOCK.y;
  for (const [label, value] of rows) {
    if (label) {
      fonts.use(label).fontSize(7).fillColor('#555555');
      drawFixed(doc, label, INFO_BLOCK.x, y);
      y += 9;
    }
    fonts.use(value).fontSize(9).fillColor('#000000');
    drawFixed(doc, value, INFO_BLOCK.x, y);
    y += 13;
  }
}

function drawFooter(doc: PDFKit.PDFDocument, fonts: FontChooser, context: PieceContext): void {
  const { sender } = context;
  const line = [sender.company, ...sender.addressLines, sender.hotline, sender.website].join(' · ');
  fonts.use(line).fontSize(7).fillColor('#666666');
  drawFixed(doc, line, MARGIN.left, doc.page.height - mm(15), { width: doc.page.width - MARGIN.left - MARGIN.right });
  doc.fillColor('#000000');
}

/** Draws a cover letter from a new page: frame, subject and the body markup (which runs on as needed). */
export function drawLetter(doc: PDFKit.PDFDocument, fonts: FontChooser, context: PieceContext, pieceId: string, subject: string, body: string): void {
  fonts.language = context.contact.language;
  doc.addPage();
  drawMarks(doc);
  drawLetterhead(doc, fonts, context);
  fonts.use(context.sender.returnAddress).fontSize(6).fillColor('#444444');
  drawFixed(doc, context.sender.returnAddress, RETURN_LINE.x, RETURN_LINE.y + 1, { underline: true });
  doc.fillColor('#000000');
  drawAddress(doc, fonts, windowLines(context.contact));
  drawInfoBlock(doc, fonts, context, pieceId);
  drawFooter(doc, fonts, context);
  fonts.use(subject, true).fontSize(11);
  doc.text(subject, MARGIN.left, BODY_TOP, { width: doc.page.width - MARGIN.left - MARGIN.right });
  doc.moveDown(1);
  drawMarkup(doc, fonts, body);
}
