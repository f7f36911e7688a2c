/**
 * Markup to e-mail HTML. The input was rendered by the HTML Handlebars environment, so every
 * value in it is already escaped; only the markup's own structure becomes tags here. The
 * classes are styled in layouts/email.html.hbs and inlined by juice afterwards.
 */
import { parseBlocks, parseInline, type Block } from './markup.js';

function inline(line: string): string {
  return parseInline(line)
    .map((span) => {
      if (span.url) return `<a class="link" href="${span.url}">${span.text}</a>`;
      return span.bold ? `<strong>${span.text}</strong>` : span.text;
    })
    .join('');
}

function block(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return b.level === 1 ? `<h1 class="h1">${inline(b.text)}</h1>` : `<h2 class="h2">${inline(b.text)}</h2>`;
    case 'paragraph':
      return `<p class="p">${b.lines.map(inline).join('<br>\n')}</p>`;
    case 'list':
      return `<ul class="list">${b.items.map((item) => `<li class="item">${inline(item)}</li>`).join('\n')}</ul>`;
    case 'note':
      return `<div class="note">${b.lines.map(inline).join('<br>\n')}</div>`;
    case 'button':
      return `<p class="button-row"><a class="button" href="${b.url}">${inline(b.label)}</a></p>`;
    case 'rule':
      return '<hr class="rule">';
    case 'table': {
      const [head = [], ...rows] = b.rows;
      const th = head.map((cell) => `<th class="th">${inline(cell)}</th>`).join('');
      const trs = rows.map((row) => `<tr>${row.map((cell) => `<td class="td">${inline(cell)}</td>`).join('')}</tr>`);
      return `<table class="table" role="presentation"><thead><tr>${th}</tr></thead><tbody>${trs.join('\n')}</tbody></table>`;
    }
  }
}

/** Renders markup (already HTML-escaped) as an HTML fragment. */
export function markupToHtml(source: string): string {
  return parseBlocks(source).map(block).join('\n');
}
