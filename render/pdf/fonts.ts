/**
 * Fonts for print. Latin text uses the PDF's built-in Helvetica: nothing to embed, fastest.
 * Chinese needs an embedded font: Noto Sans SC (SIL Open Font License 1.1, shipped in npm by
 * @expo-google-fonts/noto-sans-sc as TrueType). TrueType rather than the CFF-based OTF of other
 * packages because pdfkit subsets TrueType to a few kilobytes, where its CFF subsets stay near
 * 60 KB and take four times as long. The 10 MB font file is parsed once per process and the
 * parsed font handed to every document; pdfkit embeds only the glyphs a document uses, with the
 * ToUnicode map that lets the text be searched and extracted.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import type { Language } from '../types.js';

const require = createRequire(import.meta.url);
const FILES = {
  regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
} as const;

const parsed = new Map<keyof typeof FILES, fontkit.Font>();

function cjkFont(weight: keyof typeof FILES): fontkit.Font {
  let font = parsed.get(weight);
  if (!font) {
    const loaded = fontkit.create(readFileSync(require.resolve(FILES[weight])));
    if (!('layout' in loaded)) throw new Error(`${FILES[weight]} is a font collection, expected one font`);
    font = loaded;
    parsed.set(weight, font);
  }
  return font;
}

/** WinAnsi, the encoding of the built-in fonts: Latin-1 plus the typographic marks of cp1252. */
const WIN_ANSI_EXTRA = new Set([...'€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ']);

/** Whether the built-in fonts can draw this text; otherwise it needs the CJK font. */
export function builtInCanDraw(text: string): boolean {
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0x100 || (code >= 0x80 && code < 0xa0)) {
      if (!WIN_ANSI_EXTRA.has(ch)) return false;
    }
  }
  return true;
}

/**
 * Chooses and sets the font for each run of text in one document. Chinese pieces use the CJK
 * font throughout (its Latin letters and digits match its Chinese); English pieces use
 * Helvetica, switching to the CJK font only for a run Helvetica cannot draw (a Chinese address).
 */
export class FontChooser {
  private registered = false;
  language: Language = 'en';

  constructor(private readonly doc: PDFKit.PDFDocument) {}

  private registerCjk(): void {
    if (this.registered) return;
    // pdfkit accepts a parsed fontkit font (typeof src.layout === 'function'); its types do not say so.
    this.doc.registerFont('cjk', cjkFont('regular') as unknown as Buffer);
    this.doc.registerFont('cjk-bold', cjkFont('bold') as unknown as Buffer);
    this.registered = true;
  }

  /**
   * Sets the font for `text` and returns the document for chaining. `cjk` forces the CJK font,
   * for runs sharing a line with one that needs it: two fonts on one line would not share a
   * baseline (pdfkit places each run by its font's ascent).
   */
  use(text: string, bold = false, cjk = false): PDFKit.PDFDocument {
    if (cjk || this.language === 'zh-CN' || !builtInCanDraw(text)) {
      this.registerCjk();
      return this.doc.font(bold ? 'cjk-bold' : 'cjk');
    }
    return this.doc.font(bold ? 'Helvetica-Bold' : 'Helvetica');
  }
}
