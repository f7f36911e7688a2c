/**
 * The business-reply card page: an A6 card front addressed to us (postage paid by addressee)
 * and, below it, its back with the questions, the contact's name, the unique response code as
 * text and a QR code to the reply URL. Data entry keys the code from a returned card; a scan
 * of the QR code opens the reply form with the code already in it.
 */
import QRCode from 'qrcode';
import type { PieceContext, ReplyCard } from '../types.js';
import type { FontChooser } from './fonts.js';
import { mm } from './geometry.js';
import { labels } from './labels.js';

export const CARD = { width: mm(148), height: mm(105) };
export const QR_SIZE = mm(30);

/**
 * The QR code as a PNG: 4 pixels per module with the standard 4-module quiet zone, error
 * correction M (15 %): sharp at 30 mm and survives a crease in the card.
 */
export function qrPng(url: string): Promise<Buffer> {
  return QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 4 });
}

function cutLine(doc: PDFKit.PDFDocument, x: number, y: number): void {
  doc.save().lineWidth(0.6).dash(4, { space: 3 }).strokeColor('#777777').rect(x, y, CARD.width, CARD.height).stroke().undash().restore();
}

function fixed(doc: PDFKit.PDFDocument, text: string, x: number, y: number, options: PDFKit.Mixins.TextOptions = {}): void {
  doc.text(text, x, y, { lineBreak: false, ...options });
}

/** Draws the reply card page for `card`, with the QR PNG made by qrPng(card.replyUrl). */
export function drawReplyCard(doc: PDFKit.PDFDocument, fonts: FontChooser, context: PieceContext, card: ReplyCard, qr: Buffer): void {
  const l = labels(context.contact.language);
  fonts.language = context.contact.language;
  doc.addPage();
  const x = (doc.page.width - CARD.width) / 2;

  fonts.use(l.replyInstructions).fontSize(8).fillColor('#555555');
  doc.text(l.replyInstructions, x, mm(12), { width: CARD.width });

  // Front: addressed to the sender, postage paid.
  const front = mm(22);
  cutLine(doc, x, front);
  fonts.use(l.businessReply, true).fontSize(16).fillColor('#1f4e79');
  fixed(doc, l.businessReply, x + mm(8), front + mm(8));
  fonts.use(l.noStamp).fontSize(8).fillColor('#000000');
  fixed(doc, l.noStamp, x + mm(8), front + mm(17));
  doc.save().lineWidth(1).rect(x + CARD.width - mm(38), front + mm(6), mm(30), mm(20)).stroke().restore();
  fonts.use(l.postagePaid).fontSize(6.5);
  doc.text(l.postagePaid, x + CARD.width - mm(36), front + mm(11), { width: mm(26), align: 'center' });
  const to = [context.sender.company, context.sender.department, ...context.sender.addressLines];
  to.forEach((line, i) => {
    fonts.use(line, i === 0).fontSize(11);
    fixed(doc, line, x + mm(55), front + mm(52) + i * 16);
  });

  // Back: questions, the contact's name, the response code and the QR code.
  const back = front + CARD.height + mm(12);
  cutLine(doc, x, back);
  fonts.use(l.replyTitle, true).fontSize(12).fillColor('#1f4e79');
  fixed(doc, l.replyTitle, x + mm(8), back + mm(7));
  doc.fillColor('#000000');
  const options = [l.testDrive, l.moreMaterial, l.callMe, l.notInterested];
  options.forEach((option, i) => {
    const y = back + mm(17) + i * mm(8);
    doc.save().lineWidth(0.8).rect(x + mm(8), y, mm(3.5), mm(3.5)).stroke().restore();
    fonts.use(option).fontSize(9);
    fixed(doc, option, x + mm(14), y + 0.5);
  });
  const lines = [l.bestTime, l.phone];
  lines.forEach((label, i) => {
    const y = back + mm(52) + i * mm(8);
    fonts.use(label).fontSize(9);
    fixed(doc, label, x + mm(8), y);
    const start = x + mm(8) + doc.widthOfString(label) + 4;
    doc.save().lineWidth(0.5).moveTo(start, y + 10).lineTo(x + mm(100), y + 10).stroke('#999999').restore();
  });
  const name = `${l.name} ${context.contact.name}`;
  fonts.use(name).fontSize(9);
  fixed(doc, name, x + mm(8), back + mm(72));

  const qrX = x + CARD.width - QR_SIZE - mm(8);
  const qrY = back + mm(14);
  doc.image(qr, qrX, qrY, { width: QR_SIZE, height: QR_SIZE });
  fonts.use(l.responseCode).fontSize(7).fillColor('#555555');
  doc.text(l.responseCode, qrX - mm(10), qrY + QR_SIZE + mm(2), { width: QR_SIZE + mm(10), align: 'right' });
  // Bold with tabular figures and letter spacing, so data entry reads each character apart; the
  // code's alphabet has no O, I, L or U to mistake for 0, 1 or V.
  fonts.code().fontSize(12).fillColor('#000000');
  doc.text(card.responseCode, qrX - mm(20), qrY + QR_SIZE + mm(6), { width: QR_SIZE + mm(20), align: 'right', lineBreak: false, characterSpacing: 1, features: ['tnum'] });
  fonts.use(l.scan).fontSize(6.5).fillColor('#555555');
  doc.text(`${l.scan} ${card.replyUrl}`, x + mm(8), back + CARD.height - mm(12), { width: CARD.width - mm(16), align: 'right' });
  doc.fillColor('#000000');
}
