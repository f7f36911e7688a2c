/**
 * Reads a PDF back for assertions, with pdf.js (legacy build, which runs in Node): page count,
 * each page's text with positions (top-left origin, points), and its images as RGBA pixels.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

const require = createRequire(import.meta.url);
const standardFontDataUrl = join(dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts') + '/';

export interface TextItem {
  str: string;
  x: number;
  /** Baseline, measured from the top of the page. */
  y: number;
  height: number;
  width: number;
}

export interface Image {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel. */
  rgba: Uint8ClampedArray;
}

export interface PdfPage {
  text: string;
  items: TextItem[];
  images: Image[];
}

function toRgba(image: { width: number; height: number; data: Uint8Array | Uint8ClampedArray; kind: number }): Image {
  const pixels = image.width * image.height;
  const rgba = new Uint8ClampedArray(pixels * 4);
  if (image.kind === 3) rgba.set(image.data.subarray(0, pixels * 4));
  else if (image.kind === 2) {
    for (let i = 0; i < pixels; i++) rgba.set([image.data[i * 3] ?? 0, image.data[i * 3 + 1] ?? 0, image.data[i * 3 + 2] ?? 0, 255], i * 4);
  } else {
    // 1 bit a pixel, rows padded to whole bytes.
    const rowBytes = Math.ceil(image.width / 8);
    for (let y = 0; y < image.height; y++)
      for (let x = 0; x < image.width; x++) {
        const bit = ((image.data[y * rowBytes + (x >> 3)] ?? 0) >> (7 - (x & 7))) & 1;
        rgba.set([bit * 255, bit * 255, bit * 255, 255], (y * image.width + x) * 4);
      }
  }
  return { width: image.width, height: image.height, rgba };
}

export async function readPdf(bytes: Buffer, options: { images?: boolean } = {}): Promise<PdfPage[]> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), standardFontDataUrl, verbosity: 0, isEvalSupported: false }).promise;
  const pages: PdfPage[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const height = page.view[3] ?? 0;
    const content = await page.getTextContent();
    const items: TextItem[] = [];
    for (const item of content.items) {
      if (!('str' in item)) continue;
      items.push({ str: item.str, x: item.transform[4] ?? 0, y: height - (item.transform[5] ?? 0), height: item.height, width: item.width });
    }
    const images: Image[] = [];
    if (options.images) {
      const ops = await page.getOperatorList();
      for (let i = 0; i < ops.fnArray.length; i++) {
        if (ops.fnArray[i] !== OPS.paintImageXObject) continue;
        const name = (ops.argsArray[i] as [string])[0];
        const image = await new Promise<Parameters<typeof toRgba>[0]>((resolve) => page.objs.get(name, resolve));
        images.push(toRgba(image));
      }
    }
    pages.push({ text: items.map((i) => i.str).join(' '), items, images });
  }
  await pdf.destroy();
  return pages;
}

export interface PdfFont {
  /** The font's PostScript name, with the subset tag: 'ABCDEF+NotoSans-Regular'. */
  name: string;
  /** Whether the font program is inside the PDF (pdf.js reports a missing file otherwise). */
  embedded: boolean;
}

/** Every font any page of the PDF draws text with, once each: what pdffonts lists. */
export async function readPdfFonts(bytes: Buffer): Promise<PdfFont[]> {
  // No standard font data and no system fonts: pdf.js would otherwise stand in for a font the
  // file lacks and report it present.
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false, useSystemFonts: false }).promise;
  const fonts = new Map<string, PdfFont>();
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const ops = await page.getOperatorList();
    for (let i = 0; i < ops.fnArray.length; i++) {
      if (ops.fnArray[i] !== OPS.setFont) continue;
      const font = page.commonObjs.get((ops.argsArray[i] as [string])[0]) as { name: string; missingFile: boolean };
      fonts.set(font.name, { name: font.name, embedded: !font.missingFile });
    }
  }
  await pdf.destroy();
  return [...fonts.values()];
}
