/**
 * CSS inlining, done once per layout instead of once per e-mail. Mail clients drop <style>
 * blocks, so every style must sit in a style attribute; juice does that, but it parses the
 * page and the stylesheet each time (about 5 ms an e-mail, most of a render). So juice runs on
 * the layout's source when it is loaded (it leaves Handlebars {{...}} untouched) and, for the
 * body, on one sample of each tag the markup writes, giving a class -> style table that
 * markupToHtml applies. Media queries stay in a <style> block, for the clients that read it.
 */
import juice from 'juice';
import { ELEMENTS, type ClassStyles } from './markup-html.js';

const OPTIONS: juice.Options = { removeStyleTags: true, preserveMediaQueries: true, applyWidthAttributes: true };

export interface InlinedLayout {
  /** The layout source with its styles inlined; still a Handlebars template. */
  source: string;
  /** Inline style of each markup class, from the same stylesheet. */
  styles: ClassStyles;
}

export function inlineLayout(source: string): InlinedLayout {
  const css = [...source.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/gi)].map((m) => m[1] ?? '').join('\n');
  const probe = ELEMENTS.map(([tag, name]) => `<${tag} class="${name}"></${tag}>`).join('');
  const inlined = juice.inlineContent(probe, css, { applyWidthAttributes: false });
  const styles: Record<string, string> = {};
  for (const match of inlined.matchAll(/class="([^"]+)" style="([^"]*)"/g)) styles[match[1] ?? ''] = match[2] ?? '';
  return { source: juice(source, OPTIONS), styles };
}
