/** PDF helpers for tests: make a PDF of n pages, count the pages of one. */
import PDFDocument from 'pdfkit';

/** A PDF with `pages` pages, each saying its number. */
export async function samplePdf(pages: number, label = 'page'): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', autoFirstPage: false });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  for (let i = 1; i <= pages; i += 1) doc.addPage().text(`${label} ${i}`);
  doc.end();
  return done;
}

/** Page count of a PDF, from its page objects (object dictionaries are not compressed by pdfkit). */
export function pdfPageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page\b(?!s)/g) ?? []).length;
}
