/**
 * PDF rendering speed: one-page letters per second, raw pdfkit (the floor) against our renderer,
 * which embeds Noto Sans (English) or Noto Sans SC (Chinese). Run: `npm run bench:pdf [-- N]`
 * (N letters per batch, 300 by default). Each figure is the best of five runs (the machine is shared: the best run is the least disturbed), after a warm-up
 * run, so font parsing and template compilation (once per process) are not counted.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import { renderPrintBatch, renderPrintPiece, sampleContext, type Language, type PrintPiece } from '../render/index.js';

const N = Number(process.argv[2] ?? 300);
const require = createRequire(import.meta.url);

const LETTER = {
  en: ['Ms Emily Chen', '25/F World Financial Center', '100 Century Avenue, Pudong', 'Shanghai 200120', 'Dear Ms Chen,', 'Happy birthday! All of us wish you a wonderful day and a year full of good journeys. '.repeat(4)],
  'zh-CN': ['200120 上海市', '浦东新区世纪大道100号', '环球金融中心25楼', '王伟先生 收', '尊敬的王先生：', '生日快乐！全体同仁祝您度过美好的一天，新的一岁一路顺风。'.repeat(4)],
};

/** The floor: pdfkit drawing a letter's worth of text, no templates, no layout logic. */
async function rawPdfkit(language: Language, count: number): Promise<number> {
  const doc = new PDFDocument({ size: 'A4', autoFirstPage: false });
  if (language === 'zh-CN') {
    const font = fontkit.create(readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf')));
    doc.registerFont('body', font as unknown as Buffer);
  } else doc.registerFont('body', 'Helvetica');
  const chunks: Buffer[] = [];
  const done = new Promise<number>((resolve) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks).length));
  });
  for (let i = 0; i < count; i++) {
    doc.addPage().font('body').fontSize(10);
    const [a, b, c, d, salutation, body] = LETTER[language];
    [a, b, c, d].forEach((line, n) => doc.text(line ?? '', 71, 178 + n * 12.5, { lineBreak: false }));
    doc.text(salutation ?? '', 71, 300).moveDown().text(body ?? '', { width: 453 });
  }
  doc.end();
  return done;
}

function pieces(language: Language, count: number): PrintPiece[] {
  const context = sampleContext(language);
  return Array.from({ length: count }, (_, i) => ({ pieceId: `B-${i}`, template: 'greeting-birthday', context }));
}

async function ours(language: Language, count: number): Promise<number> {
  return (await renderPrintBatch(pieces(language, count))).pdf.length;
}

/** One PDF per letter (previews, or a shop that wants single files): pays the font subsetting each time. */
async function oursSingle(language: Language, count: number): Promise<number> {
  let bytes = 0;
  for (const piece of pieces(language, count)) bytes += (await renderPrintPiece(piece)).length;
  return bytes;
}

async function measure(label: string, count: number, run: () => Promise<number>): Promise<void> {
  await run();
  let best = Infinity;
  let bytes = 0;
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    bytes = await run();
    best = Math.min(best, performance.now() - start);
  }
  const perSecond = (count / best) * 1000;
  console.log(`${label.padEnd(44)} ${perSecond.toFixed(0).padStart(6)} letters/s   ${(bytes / count / 1024).toFixed(1).padStart(6)} KB/letter`);
}

const single = Math.max(10, Math.round(N / 10));
console.log(`one-page letters, batches of ${N} (single files: ${single})`);
await measure('raw pdfkit, built-in font (Helvetica)', N, () => rawPdfkit('en', N));
await measure('raw pdfkit, CJK font (Noto Sans SC)', N, () => rawPdfkit('zh-CN', N));
await measure('renderPrintBatch, Noto Sans (en)', N, () => ours('en', N));
await measure('renderPrintBatch, Noto Sans SC (zh-CN)', N, () => ours('zh-CN', N));
await measure('renderPrintPiece one file each, en', single, () => oursSingle('en', single));
await measure('renderPrintPiece one file each, zh-CN', single, () => oursSingle('zh-CN', single));
