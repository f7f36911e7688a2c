/**
 * Checks templates before a campaign sends anything (the CLI's --dry-run): every named piece
 * template, in both languages, is compiled and rendered (subject, HTML and text parts, print
 * body, its sheets) against the full sample context. Reported, each with the template's name:
 * a missing language file, a bad header, a syntax error, an unknown variable (strict mode, and
 * the watched context for helper arguments and #if), a missing partial (found statically too,
 * so one inside a branch the sample does not take is reported), a helper that fails.
 */
import Handlebars from 'handlebars';
import { attempt, describeError, RenderError } from './errors.js';
import { splitFrontMatter, type SheetName } from './front-matter.js';
import { markupToHtml } from './markup-html.js';
import { markupToText } from './markup-text.js';
import { checkRequires, renderPlainBody, renderSheet, renderSubject, rootContext } from './piece.js';
import { sampleEmailContext } from './sample-context.js';
import { LANGUAGES, type TemplateStore } from './template-store.js';
import type { Language, TemplateError } from './types.js';
import { watchContext } from './watch-context.js';

type Node = { type: string; [key: string]: unknown };

/** Names of the partials a template calls by a fixed name, anywhere in it. */
function partialCalls(source: string): string[] {
  const names: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const n = node as Node;
    if ((n.type === 'PartialStatement' || n.type === 'PartialBlockStatement') && (n.name as Node).type === 'PathExpression') {
      names.push((n.name as { original: string }).original);
    }
    for (const [key, value] of Object.entries(n)) if (key !== 'loc') visit(value);
  };
  visit(Handlebars.parse(source));
  return names;
}

/** Inline partials ({{#*inline "x"}}) defined in the template itself. */
function inlinePartials(source: string): Set<string> {
  return new Set([...source.matchAll(/\{\{#\*inline\s+"([^"]+)"/g)].map((m) => m[1] ?? ''));
}

function staticChecks(store: TemplateStore, language: Language, wanted: Set<string> | null): TemplateError[] {
  const errors: TemplateError[] = [];
  const partials = store.partialNames(language);
  for (const [name, source] of store.sources(language)) {
    const isPiece = !name.includes('/');
    if (wanted && isPiece && !wanted.has(name)) continue;
    try {
      const { body } = splitFrontMatter(source);
      const local = inlinePartials(body);
      for (const partial of partialCalls(body)) {
        if (!partials.has(partial) && !local.has(partial) && partial !== '@partial-block') {
          errors.push({ template: name, language, part: 'file', message: `missing partial "${partial}"` });
        }
      }
    } catch (error) {
      errors.push({ template: name, language, part: 'file', message: describeError(error) });
    }
  }
  return errors;
}

function renderChecks(store: TemplateStore, name: string, language: Language): TemplateError[] {
  const errors: TemplateError[] = [];
  const unknown = new Set<string>();
  const context = watchContext(sampleEmailContext(language), (path) => unknown.add(path));
  const step = (part: TemplateError['part'], run: () => unknown) => {
    unknown.clear();
    try {
      run();
    } catch (error) {
      if (error instanceof RenderError) errors.push(error.toTemplateError());
      else errors.push({ template: name, language, part, message: describeError(error) });
    }
    for (const path of unknown) errors.push({ template: name, language, part, message: `unknown variable "${path}"` });
  };
  let piece;
  try {
    piece = store.piece(name, language);
    checkRequires(piece, context);
  } catch (error) {
    return [error instanceof RenderError ? error.toTemplateError() : { template: name, language, part: 'file', message: describeError(error) }];
  }
  const email = rootContext(context, 'email');
  const post = rootContext(context, 'post');
  let subject = '';
  step('subject', () => (subject = renderSubject(piece, email)));
  step('html', () => attempt(name, language, 'html', () => store.layout('html', language)({ ...email, subject, body: markupToHtml(piece.html(email), store.htmlStyles()) })));
  step('text', () => attempt(name, language, 'text', () => store.layout('plain', language)({ ...email, subject, body: markupToText(renderPlainBody(piece, email, 'text')) })));
  step('print', () => renderPlainBody(piece, post, 'print'));
  for (const sheet of piece.header.sheets) step('sheet', () => renderSheet(store, sheet, post));
  return errors;
}

function sheetChecks(store: TemplateStore, language: Language): TemplateError[] {
  const errors: TemplateError[] = [];
  for (const name of store.sheetNames(language)) {
    try {
      renderSheet(store, name as SheetName, rootContext(sampleEmailContext(language), 'post'));
    } catch (error) {
      errors.push(error instanceof RenderError ? error.toTemplateError() : { template: `sheets/${name}`, language, part: 'sheet', message: describeError(error) });
    }
  }
  return errors;
}

/**
 * Validates piece templates (all when `names` is omitted) in both languages. Returns the
 * problems found, each naming the template, language and part; an empty list means every
 * template renders. Never throws for a template problem.
 */
export function validateTemplatesWith(store: TemplateStore, names?: string[]): TemplateError[] {
  const wanted = names ? new Set(names) : null;
  const errors: TemplateError[] = [];
  for (const language of LANGUAGES) {
    const found = staticChecks(store, language, wanted);
    errors.push(...found);
    // A file that does not parse cannot render: its parse error is reported once, above.
    const unparsed = new Set(found.filter((e) => e.message.startsWith('Parse error')).map((e) => e.template));
    for (const name of names ?? store.pieceNames()) {
      if (unparsed.has(name)) continue;
      try {
        errors.push(...renderChecks(store, name, language));
      } catch (error) {
        errors.push(error instanceof RenderError ? error.toTemplateError() : { template: name, language, part: 'file', message: describeError(error) });
      }
    }
    if (!names) errors.push(...sheetChecks(store, language));
  }
  // The same problem seen by two parts (e.g. html and text) is reported once per part; exact repeats once.
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.template}|${e.language}|${e.part}|${e.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
