/**
 * Every font in every PDF is embedded (what pdffonts shows as "emb yes"): print shops reject a
 * file that leans on the reader's Helvetica. Checked with pdf.js on each kind of PDF we make:
 * letters, pack sheets (printed and attached), reply cards, greetings, in both languages.
 */
import { describe, expect, it } from 'vitest';
import { renderEmail, renderPrintBatch, sampleContext, sampleEmailContext, templateNames, type Language, type PrintPiece } from '../../render/index.js';
import { readPdfFonts, type PdfFont } from './read-pdf.js';

const LANGUAGES: Language[] = ['en', 'zh-CN'];

function expectEmbeddedNoto(fonts: PdfFont[], what: string): void {
  expect(fonts.length, `${what}: draws text`).toBeGreaterThan(0);
  for (const font of fonts) {
    expect(font.embedded, `${what}: ${font.name} embedded`).toBe(true);
    // A subset (tag+) of Noto Sans or Noto Sans SC, nothing else.
    expect(font.name, what).toMatch(/^[A-Z]{6}\+NotoSans(SC)?-(Regular|Bold)$/);
  }
}

describe('fonts in the PDFs', () => {
  for (const language of LANGUAGES) {
    it(`embeds every font of every printed piece (${language}): letters, sheets, reply cards, greetings`, async () => {
      const pieces: PrintPiece[] = templateNames().map((template, i) => ({ pieceId: `F-${i}`, template, context: sampleContext(language) }));
      const batch = await renderPrintBatch(pieces);
      const fonts = await readPdfFonts(batch.pdf);
      expectEmbeddedNoto(fonts, `${language} batch`);
      // The English batch uses the Latin face; the Chinese one Noto Sans SC.
      const families = new Set(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, '').replace(/-.*/, '')));
      expect([...families]).toContain(language === 'en' ? 'NotoSans' : 'NotoSansSC');
    });

    it(`embeds every font of the sheets attached to an e-mail (${language})`, async () => {
      const email = await renderEmail('hot-lead-pack', sampleEmailContext(language));
      expect(email.attachments.length).toBeGreaterThanOrEqual(5);
      for (const attachment of email.attachments) expectEmbeddedNoto(await readPdfFonts(attachment.content), attachment.filename);
    });
  }

  it('embeds Noto Sans SC for a Chinese address in an English letter, and nothing unembedded', async () => {
    const en = sampleContext('en');
    const context = sampleContext('en', { contact: { ...en.contact, addressLines: ['上海市浦东新区世纪大道100号'] } });
    const fonts = await readPdfFonts((await renderPrintBatch([{ pieceId: 'MIX', template: 'greeting-birthday', context }])).pdf);
    expectEmbeddedNoto(fonts, 'mixed');
    expect(fonts.some((f) => f.name.endsWith('NotoSansSC-Regular'))).toBe(true);
    expect(fonts.some((f) => f.name.endsWith('NotoSans-Regular'))).toBe(true);
  });
});
