/**
 * A pdfkit document for one batch or one piece, and its bytes. Pages are added by the drawing
 * code (autoFirstPage off) so that every piece starts on a page of its own.
 */
import PDFDocument from 'pdfkit';
import { MARGIN } from './geometry.js';

export interface NewDocument {
  doc: PDFKit.PDFDocument;
  /** Resolves with the whole file once `doc.end()` has been called. */
  bytes: Promise<Buffer>;
}

export function newDocument(title: string, createdAt: Date): NewDocument {
  const doc = new PDFDocument({
    size: 'A4',
    autoFirstPage: false,
    margins: MARGIN,
    compress: true,
    // A fixed creation date (the pieces' own date) makes a re-render of the same batch byte-identical.
    info: { Title: title, Producer: 'campaign-engine', Creator: 'campaign-engine', CreationDate: createdAt },
    // The same lines recur on every letter (footer, headings, reply card): worth caching.
    fontLayoutCache: true,
  } as PDFKit.PDFDocumentOptions);
  const chunks: Buffer[] = [];
  const bytes = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, bytes };
}
