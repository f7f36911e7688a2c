/**
 * A pack sheet (catalogue, price list, service sheets, dealer list) on pages of its own: a band
 * with the sender and the sheet's title, the body, and the campaign's name and source code in the
 * footer so a sheet passed on to someone else still tells where the response came from.
 */
import type { PieceContext } from '../types.js';
import { drawMarkup } from './draw-markup.js';
import type { FontChooser } from './fonts.js';
import { MARGIN, mm } from './geometry.js';

export function drawSheet(doc: PDFKit.PDFDocument, fonts: FontChooser, context: PieceContext, title: string, body: string): void {
  fonts.language = context.contact.language;
  doc.addPage();
  const width = doc.page.width - MARGIN.left - MARGIN.right;
  doc.save().rect(0, 0, doc.page.width, mm(14)).fill('#1f4e79').restore();
  fonts.use(context.sender.company, true).fontSize(9).fillColor('#ffffff');
  doc.text(context.sender.company, MARGIN.left, mm(5), { width, lineBreak: false });
  doc.fillColor('#000000');
  const footer = [context.sender.hotline, context.sender.website, context.campaign.displayName, context.campaign.sourceCode].filter(Boolean).join(' · ');
  fonts.use(footer).fontSize(7).fillColor('#666666');
  const bottom = doc.page.margins.bottom;
  doc.page.margins.bottom = 0;
  doc.text(footer, MARGIN.left, doc.page.height - mm(15), { width, lineBreak: false });
  doc.page.margins.bottom = bottom;
  fonts.use(title, true).fontSize(18).fillColor('#1f4e79');
  doc.text(title, MARGIN.left, mm(24), { width });
  doc.fillColor('#000000');
  doc.moveDown(0.8);
  drawMarkup(doc, fonts, body);
}
