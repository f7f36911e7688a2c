import jsqr from 'jsqr';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderPrintBatch, renderPrintPiece, sampleContext, WINDOW, type PrintBatch, type PrintPiece } from '../../render/index.js';
import { readPdf, type PdfPage, type TextItem } from './read-pdf.js';

// jsqr is CommonJS with `exports.default`: Node hands the whole exports object to a default import.
type Decode = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR = ((jsqr as unknown as { default?: Decode }).default ?? jsqr) as Decode;

const en = sampleContext('en');
const zh = sampleContext('zh-CN');
const pieces: PrintPiece[] = [
  { pieceId: 'P-1', template: 'hot-lead-pack', context: en },
  { pieceId: 'P-2', template: 'hot-lead-pack', context: { ...zh, replyCard: { responseCode: 'ZH88-Q2WE-7RTY', replyUrl: 'https://reply.example.com/r/ZH88Q2WE7RTY' } } },
  { pieceId: 'P-3', template: 'greeting-spring-festival-regular', context: zh },
  { pieceId: 'P-4', template: 'inspection-offer', context: en },
];

/** Whether a line of text lies wholly inside the envelope window. */
function insideWindow(item: TextItem): boolean {
  return item.x >= WINDOW.x && item.x + item.width <= WINDOW.x + WINDOW.width && item.y - item.height >= WINDOW.y && item.y <= WINDOW.y + WINDOW.height;
}

function itemsIn(page: PdfPage, text: string): TextItem[] {
  return page.items.filter((item) => item.str.trim() === text);
}

describe('renderPrintBatch', () => {
  let batch: PrintBatch;
  let pages: PdfPage[];
  /** Pages of each piece, by piece id. */
  const byPiece = new Map<string, PdfPage[]>();

  beforeAll(async () => {
    batch = await renderPrintBatch(pieces);
    pages = await readPdf(batch.pdf, { images: true });
    let next = 0;
    for (const { pieceId, pages: count } of batch.pieces) {
      byPiece.set(pieceId, pages.slice(next, next + count));
      next += count;
    }
  });

  it('merges the pieces into one PDF and counts the pages of each', () => {
    expect(batch.pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(batch.pieces.map((p) => p.pieceId)).toEqual(['P-1', 'P-2', 'P-3', 'P-4']);
    expect(pages).toHaveLength(batch.pieces.reduce((sum, p) => sum + p.pages, 0));
    // Pack: letter (1 or 2 pages), five sheets, reply card. Greeting and offer: one page each.
    for (const id of ['P-1', 'P-2']) expect(byPiece.get(id)!.length).toBeGreaterThanOrEqual(7);
    expect(byPiece.get('P-3')).toHaveLength(1);
    expect(byPiece.get('P-4')).toHaveLength(1);
  });

  it('starts every piece on a new page with its own address in the window', () => {
    const expected: Record<string, string[]> = {
      'P-1': ['Ms Emily Chen', '25/F World Financial Center', '100 Century Avenue, Pudong', 'Shanghai 200120'],
      'P-2': ['200120 上海市', '浦东新区世纪大道100号', '环球金融中心25楼', '王伟先生 收'],
      'P-3': ['200120 上海市', '王伟先生 收'],
      'P-4': ['Ms Emily Chen', 'Shanghai 200120'],
    };
    for (const [id, lines] of Object.entries(expected)) {
      const first = byPiece.get(id)![0]!;
      for (const line of lines) {
        const found = itemsIn(first, line);
        expect(found, `${id}: ${line}`).not.toHaveLength(0);
        expect(found.every(insideWindow), `${id}: ${line} inside the window`).toBe(true);
      }
    }
  });

  it('prints the name, the address and the response code, in Chinese too', () => {
    const english = byPiece.get('P-1')!.map((p) => p.text).join('\n');
    expect(english).toContain('Dear Ms Chen,');
    expect(english).toContain('K7QW-4M2X-9TPA');
    const chinese = byPiece.get('P-2')!.map((p) => p.text).join('\n');
    expect(chinese).toContain('尊敬的王先生：');
    expect(chinese).toContain('浦东新区世纪大道100号');
    expect(chinese).toContain('ZH88-Q2WE-7RTY');
    expect(chinese).toContain('价格表');
    expect(byPiece.get('P-3')![0]!.text).toContain('新春佳节即将来临');
  });

  it('ends a pack with a reply card whose QR code decodes to the reply URL', () => {
    for (const [id, url, code] of [
      ['P-1', 'https://reply.example.com/r/K7QW4M2X9TPA', 'K7QW-4M2X-9TPA'],
      ['P-2', 'https://reply.example.com/r/ZH88Q2WE7RTY', 'ZH88-Q2WE-7RTY'],
    ] as const) {
      const card = byPiece.get(id)!.at(-1)!;
      expect(card.text).toContain(code);
      expect(card.images).toHaveLength(1);
      const qr = card.images[0]!;
      expect(jsQR(qr.rgba, qr.width, qr.height)?.data).toBe(url);
    }
    // The inspection offer is not a lead-programme piece: no card.
    expect(byPiece.get('P-4')!.every((page) => page.images.length === 0)).toBe(true);
  });

  it('keeps the pack sheets in the piece, each on its own page', () => {
    const titles = byPiece.get('P-1')!.map((page) => page.items.find((i) => i.str === 'Catalogue' || i.str === 'Price list' || i.str === 'Sales service' || i.str === 'After-sales service' || i.str === 'Dealers and service centres near you')?.str).filter(Boolean);
    expect(titles).toEqual(['Catalogue', 'Price list', 'Sales service', 'After-sales service', 'Dealers and service centres near you']);
  });
});

describe('renderPrintBatch for duplex printing', () => {
  it('pads a piece with an odd page count so the next starts on a new sheet', async () => {
    const simplex = await renderPrintBatch([pieces[2]!, pieces[3]!]);
    expect(simplex.pieces.map((p) => p.pages)).toEqual([1, 1]);
    const duplex = await renderPrintBatch([pieces[2]!, pieces[3]!], { duplex: true });
    expect(duplex.pieces.map((p) => p.pages)).toEqual([2, 2]);
    const pages = await readPdf(duplex.pdf);
    expect(pages).toHaveLength(4);
    expect(pages[1]!.text.trim()).toBe('');
    expect(pages[2]!.text).toContain('INSP-7F3K2Q');
  });
});

describe('renderPrintPiece', () => {
  it('renders one piece for preview, with the pages the batch gave it', async () => {
    const pdf = await renderPrintPiece(pieces[3]!);
    const pages = await readPdf(pdf);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.text).toContain('INSP-7F3K2Q');
  });

  it('fits a long address inside the window and draws Chinese in an English letter', async () => {
    const context = sampleContext('en', {
      contact: {
        ...en.contact,
        name: 'Alexandra Konstantinopoulou-Wetherington',
        company: 'East China International Trading and Logistics Holdings Co., Ltd.',
        addressLines: ['Room 2501, 25/F, Shanghai World Financial Center', '100 Century Avenue', 'Pudong New Area', '上海市浦东新区世纪大道100号', 'Attn: Procurement'],
      },
    });
    const [page] = await readPdf(await renderPrintPiece({ pieceId: 'LONG', template: 'greeting-birthday', context }));
    const address = page!.items.filter((item) => item.y > WINDOW.y + 10 && item.y < WINDOW.y + WINDOW.height + 20 && item.x < WINDOW.x + WINDOW.width && item.str.trim());
    expect(address.length).toBeGreaterThanOrEqual(5);
    expect(address.every(insideWindow)).toBe(true);
    // One line under the other, whatever the font: baselines at least a line apart.
    const baselines = [...new Set(address.map((item) => Math.round(item.y * 10) / 10))].sort((a, b) => a - b);
    expect(baselines).toHaveLength(address.length);
    for (let i = 1; i < baselines.length; i++) expect(baselines[i]! - baselines[i - 1]!).toBeGreaterThanOrEqual(6);
    expect(page!.text).toContain('上海市浦东新区');
  });

  it('sets a line mixing Latin and Chinese runs on one baseline', async () => {
    const context = sampleContext('en', { dealers: [{ ...en.dealers[0]!, addressLines: ['浦东新区张杨路101号'] }] });
    const pages = await readPdf(await renderPrintPiece({ pieceId: 'MIX', template: 'hot-lead-pack', context }));
    const name = pages[0]!.items.find((item) => item.str === 'Pudong Motors 1')!;
    const address = pages[0]!.items.find((item) => item.str.includes('浦东新区张杨路101号'))!;
    expect(Math.abs(name.y - address.y)).toBeLessThan(0.5);
  });

  it('renders from a context that went through JSON (as across Temporal)', async () => {
    const piece = pieces[0]!;
    const copy = JSON.parse(JSON.stringify(piece)) as PrintPiece;
    expect((await renderPrintPiece(copy)).equals(await renderPrintPiece(piece))).toBe(true);
  });

  it('re-renders the same piece byte for byte', async () => {
    const a = await renderPrintPiece(pieces[2]!);
    const b = await renderPrintPiece(pieces[2]!);
    expect(a.equals(b)).toBe(true);
  });
});
