/**
 * The customer pages' HTML: one layout (language, viewport, our own stylesheet, a skip link,
 * the hotline) and the few form parts every page uses. Everything interpolated is escaped;
 * `Html` marks text that already is HTML.
 */
import type { Messages, PageLanguage } from './messages/index.js';

export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A template tag: values are escaped unless they are Html (or arrays of it). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** A whole page in the customer's language. */
export function layout(lang: PageLanguage, t: Messages, title: string, body: Html): string {
  return `<!doctype html>${html`<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} · ${t.brand}</title>
<link rel="stylesheet" href="/assets/pages.css">
</head>
<body>
<a class="skip" href="#main">${t.skipToContent}</a>
<header class="brand">${t.brand}</header>
<main id="main" tabindex="-1">
<h1>${title}</h1>
${body}
</main>
<footer class="hotline">${t.hotlineLine}</footer>
</body>
</html>`.text}`;
}

/** A message at the top of a form: an error (announced to screen readers) or a confirmation. */
export function notice(kind: 'error' | 'done' | 'info', text: string | undefined): Html {
  if (!text) return html``;
  const role = kind === 'error' ? 'alert' : 'status';
  return html`<p class="notice ${kind}" role="${role}">${text}</p>`;
}

/** A POST form to `action` with a submit button. */
export function form(action: string, body: Html, submit: string, kind: 'primary' | 'secondary' = 'primary'): Html {
  return html`<form method="post" action="${action}">${body}<button type="submit" class="${kind}">${submit}</button></form>`;
}

/** A group of radio buttons with its legend. */
export function radios(name: string, legend: string, options: { value: string; label: string; hint?: string }[], checked: string | undefined, required = true): Html {
  return html`<fieldset><legend>${legend}</legend>${options.map(
    (o, i) => html`<label class="choice"><input type="radio" name="${name}" value="${o.value}"${raw(o.value === checked ? ' checked' : '')}${raw(required && i === 0 ? ' required' : '')}> <span>${o.label}${o.hint ? html` <small>${o.hint}</small>` : ''}</span></label>`,
  )}</fieldset>`;
}

/** A labelled text input (or textarea) with an optional hint tied to it. */
export function textField(name: string, label: string, value: string | undefined, options: { hint?: string; type?: string; autocomplete?: string; maxlength?: number; multiline?: boolean } = {}): Html {
  const hintId = options.hint ? `${name}-hint` : '';
  const described = hintId ? raw(` aria-describedby="${hintId}"`) : '';
  const control = options.multiline
    ? html`<textarea id="${name}" name="${name}" rows="4" maxlength="${options.maxlength ?? 1000}"${described}>${value ?? ''}</textarea>`
    : html`<input id="${name}" name="${name}" type="${options.type ?? 'text'}" value="${value ?? ''}" maxlength="${options.maxlength ?? 200}"${raw(options.autocomplete ? ` autocomplete="${options.autocomplete}"` : '')}${described}>`;
  return html`<div class="field"><label for="${name}">${label}</label>${options.hint ? html`<small id="${hintId}">${options.hint}</small>` : ''}${control}</div>`;
}

/** A labelled select. */
export function select(name: string, label: string, options: { value: string; label: string }[], chosen: string | undefined): Html {
  return html`<div class="field"><label for="${name}">${label}</label><select id="${name}" name="${name}">${options.map(
    (o) => html`<option value="${o.value}"${raw(o.value === (chosen ?? '') ? ' selected' : '')}>${o.label}</option>`,
  )}</select></div>`;
}

/** Trusted markup written here, never text from outside. */
export function raw(text: string): Html {
  return new Html(text);
}
