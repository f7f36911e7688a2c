/** Helpers of the customer-page tests: the links as the customer finds them in their e-mails. */
import type { TestEngine } from '../helpers/engine.js';

/** Every link of one kind (`/r/`, `/book/`, `/survey/`...) in the e-mails to `email`, in order. */
export async function linksTo(engine: TestEngine, email: string, path: string): Promise<string[]> {
  const found: string[] = [];
  for (const m of await engine.smtp.messages()) {
    if (!m.to.includes(email)) continue;
    const html = typeof m.parsed.html === 'string' ? m.parsed.html : '';
    for (const match of html.matchAll(/href="([^"]+)"/g)) {
      const href = decodeEntities(match[1]!);
      if (new URL(href).pathname.startsWith(path) && !found.includes(href)) found.push(href);
    }
  }
  return found;
}

/** An attribute's text as the browser reads it (Handlebars escapes `=` as `&#x3D;`). */
function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&amp;/g, '&');
}
