/**
 * Fonts for print. Every font is embedded: print shops reject a PDF that leans on the reader's
 * built-in Helvetica. Latin text uses Noto Sans, Chinese Noto Sans SC (both SIL Open Font
 * License 1.1, shipped in npm by @expo-google-fonts as TrueType). TrueType rather than CFF-based
 * OTF because pdfkit subsets TrueType to a few kilobytes, where its CFF subsets stay near 60 KB
 * and take four times as long. Each font file is parsed once per process and the parsed font
 * handed to every document; pdfkit embeds only the glyphs a document uses, with the ToUnicode map
 * that lets the text be searched and extracted.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import type { Language } from '../types.js';

const require = createRequire(import.meta.url);
const FILES = {
  latin: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  'latin-bold': '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
  cjk: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  'cjk-bold': '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
} as const;

export type FontName = keyof typeof FILES;

const parsed = new Map<FontName, fontkit.Font>();

/** The parsed font, read from its package on first use. */
export function fontOf(name: FontName): fontkit.Font {
  let font = parsed.get(name);
  if (!font) {
    const loaded = fontkit.create(readFileSync(require.resolve(FILES[name])));
    if (!('layout' in loaded)) throw new Error(`${FILES[name]} is a font collection, expected one font`);
    font = loaded;
    parsed.set(name, font);
  }
  return font;
}

/** Code points Noto Sans has a glyph for, remembered: the same few characters recur in every letter. */
const latinCoverage = new Map<number, boolean>();

/** Whether Noto Sans can draw this text; otherwise it needs Noto Sans SC (Chinese, full-width forms). */
export function latinCanDraw(text: string): boolean {
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x7f) continue;
    let known = latinCoverage.get(code);
    if (known === undefined) {
      known = fontOf('latin').hasGlyphForCodePoint(code);
      latinCoverage.set(code, known);
    }
    if (!known) return false;
  }
  return true;
}

/**
 * Chooses and sets the font for each run of text in one document. Chinese pieces use Noto Sans SC
 * throughout (its Latin letters and digits match its Chinese); English pieces use Noto Sans,
 * switching to Noto Sans SC only for a run Noto Sans cannot draw (a Chinese address).
 */
export class FontChooser {
  private readonly registered = new Set<FontName>();
  language: Language = 'en';

  constructor(private readonly doc: PDFKit.PDFDocument) {}

  private set(name: FontName): PDFKit.PDFDocument {
    if (!this.registered.has(name)) {
      // pdfkit accepts a parsed fontkit font (typeof src.layout === 'function'); its types do not say so.
      this.doc.registerFont(name, fontOf(name) as unknown as Buffer);
      this.registered.add(name);
    }
    return this.doc.font(name);
  }

  /**
   * Sets the font for `text` and returns the document for chaining. `cjk` forces the CJK font,
   * for runs sharing a line with one that needs it: two fonts on one line would not share a
   * baseline (pdfkit places each run by its font's ascent).
   */
  use(text: string, bold = false, cjk = false): PDFKit.PDFDocument {
    if (cjk || this.language === 'zh-CN' || !latinCanDraw(text)) return this.set(bold ? 'cjk-bold' : 'cjk');
    return this.set(bold ? 'latin-bold' : 'latin');
  }

  /** The face for codes keyed in by hand (the response code): Noto Sans Bold, tabular figures. */
  code(): PDFKit.PDFDocument {
    return this.set('latin-bold');
  }
}
