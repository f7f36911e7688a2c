/**
 * Markup to e-mail HTML. The input was rendered by the HTML Handlebars environment, so every
 * value in it is already escaped; only the markup's own structure becomes tags here. Each tag
 * carries its class and, when given, that class's inline style (worked out once by juice from
 * the layout's stylesheet, see email-styles.ts), so no e-mail is parsed again to inline it.
 */
import { parseBlocks, parseInline, type Block } from './markup.js';

/** Every tag and class this module writes: the stylesheet is resolved for exactly these. */
export const ELEMENTS = [
  ['h1', 'h1'],
  ['h2', 'h2'],
  ['p', 'p'],
  ['ul', 'list'],
  ['li', 'item'],
  ['div', 'note'],
  ['p', 'button-row'],
  ['a', 'button'],
  ['a', 'link'],
  ['hr', 'rule'],
  ['table', 'table'],
  ['th', 'th'],
  ['td', 'td'],
] as const;

export type ClassStyles = Readonly<Record<string, string>>;

function block(b: Block, styles: ClassStyles): string {
  const attrs = (name: string) => (styles[name] ? `class="${name}" style="${styles[name]}"` : `class="${name}"`);
  const inline = (line: string) =>
    parseInline(line)
      .map((span) => {
        if (span.url) return `<a ${attrs('link')} href="${span.url}">${span.text}</a>`;
        return span.bold ? `<strong>${span.text}</strong>` : span.text;
      })
      .join('');
  switch (b.kind) {
    case 'heading':
      return b.level === 1 ? `<h1 ${attrs('h1')}>${inline(b.text)}</h1>` : `<h2 ${attrs('h2')}>${inline(b.text)}</h2>`;
    case 'paragraph':
      return `<p ${attrs('p')}>${b.lines.map(inline).join('<br>\n')}</p>`;
    case 'list':
      return `<ul ${attrs('list')}>${b.items.map((item) => `<li ${attrs('item')}>${inline(item)}</li>`).join('\n')}</ul>`;
    case 'note':
      return `<div ${attrs('note')}>${b.lines.map(inline).join('<br>\n')}</div>`;
    case 'button':
      return `<p ${attrs('button-row')}><a ${attrs('button')} href="${b.url}">${inline(b.label)}</a></p>`;
    case 'rule':
      return `<hr ${attrs('rule')}>`;
    case 'table': {
      const [head = [], ...rows] = b.rows;
      // width, align and valign repeat the CSS as attributes, for Outlook's Word engine (as juice does on tables).
      const th = head.map((cell) => `<th ${attrs('th')} align="left">${inline(cell)}</th>`).join('');
      const trs = rows.map((row) => `<tr>${row.map((cell) => `<td ${attrs('td')} valign="top">${inline(cell)}</td>`).join('')}</tr>`);
      return `<table ${attrs('table')} role="presentation" width="100%"><thead><tr>${th}</tr></thead><tbody>${trs.join('\n')}</tbody></table>`;
    }
  }
}

/** Renders markup (already HTML-escaped) as an HTML fragment, with inline styles by class. */
export function markupToHtml(source: string, styles: ClassStyles = {}): string {
  return parseBlocks(source)
    .map((b) => block(b, styles))
    .join('\n');
}
