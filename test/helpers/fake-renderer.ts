/**
 * A small stand-in for render/ with the same interface, for tests of the activities that should
 * not depend on the templates: e-mails carry the name and reply code; print pieces are real PDFs
 * (pdfkit) with a cover page and a reply-card page. The template 'broken' fails like a template
 * error. Use the real renderer (render/index.ts createRenderer) where the templates matter.
 */
import PDFDocument from 'pdfkit';
import type { Renderer } from '../../activities/deps.js';
import type { EmailContext, PieceContext, PrintPiece } from '../../render/types.js';

export interface RecordingRenderer extends Renderer {
  emails: { template: string; context: EmailContext }[];
  prints: PrintPiece[];
}

const summary = (template: string, c: PieceContext): string =>
  [template, c.contact.name, c.tier, c.replyCard?.responseCode ?? '', c.occasion?.kind ?? '', c.booking?.code ?? ''].join(' | ');

export function fakeRenderer(): RecordingRenderer {
  const emails: RecordingRenderer['emails'] = [];
  const prints: PrintPiece[] = [];
  return {
    emails,
    prints,
    async renderEmail(template, context) {
      if (template === 'broken') throw new Error(`template ${template}: unknown variable "nope"`);
      emails.push({ template, context });
      return {
        subject: `${template}: ${context.contact.name}`,
        html: `<p>${summary(template, context)}</p><a href="${context.unsubscribeUrl}">unsubscribe</a>`,
        text: summary(template, context),
        attachments: [{ filename: 'sheet.pdf', content: Buffer.from('%PDF-1.4\n%fake\n'), contentType: 'application/pdf' }],
      };
    },
    async renderPrintBatch(pieces) {
      if (pieces.some((p) => p.template === 'broken')) throw new Error('template broken: missing partial');
      prints.push(...pieces);
      const doc = new PDFDocument({ size: 'A4', autoFirstPage: false });
      const chunks: Buffer[] = [];
      doc.on('data', (c: Buffer) => chunks.push(c));
      const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
      for (const p of pieces) {
        doc.addPage().text(`${p.pieceId} ${p.context.contact.postcode} ${p.context.contact.city}`);
        doc.addPage().text(`reply card ${p.context.replyCard?.responseCode ?? '-'}`);
      }
      doc.end();
      return { pdf: await done, pieces: pieces.map((p) => ({ pieceId: p.pieceId, pages: 2 })) };
    },
  };
}
