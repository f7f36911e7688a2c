/**
 * Loads the templates folder once and compiles each template on first use, then keeps it:
 *
 *   templates/layouts/email.html.hbs, email.text.hbs   the e-mail shells (body inserted as {{{body}}})
 *   templates/partials/*.hbs                           partials shared by both languages
 *   templates/<language>/partials/*.hbs                partials in one language (same names in each)
 *   templates/<language>/<piece>.hbs                   one piece: header (subject, sheets, requires) + body
 *   templates/<language>/sheets/<sheet>.hbs            the pack's sheets: header (title, filename) + body
 *
 * There is one Handlebars environment per format and language: HTML escapes values, plain does
 * not (text part, subject, print), and each registers its language's partials under shared names,
 * so `{{> signature}}` finds the right one. Everything compiles with `strict: true`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { headerError, pieceHeader, sheetHeader, splitFrontMatter, type PieceHeader, type SheetHeader, type SheetName } from './front-matter.js';
import { inlineLayout, type InlinedLayout } from './email-styles.js';
import { attempt, RenderError } from './errors.js';
import type { ClassStyles } from './markup-html.js';
import { registerHelpers, type Format } from './helpers.js';
import type { Language } from './types.js';

export const LANGUAGES: readonly Language[] = ['zh-CN', 'en'];

type Compiled = Handlebars.TemplateDelegate;

export interface PieceTemplate {
  name: string;
  language: Language;
  header: PieceHeader;
  subject: Compiled;
  /** The body in the HTML environment (values escaped) and the plain one (text part, print). */
  html: Compiled;
  plain: Compiled;
}

export interface SheetTemplate {
  name: SheetName;
  language: Language;
  header: SheetHeader;
  plain: Compiled;
}

/** The project's templates folder, from the source tree (tsx) or from dist/render. */
export function defaultTemplatesDir(): string {
  for (const up of ['../templates', '../../templates']) {
    const dir = fileURLToPath(new URL(up, import.meta.url));
    if (existsSync(join(dir, 'layouts'))) return dir;
  }
  throw new Error('templates folder not found next to render/');
}

function hbsFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(dir)) return files;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.hbs')) files.set(entry.name.slice(0, -4), readFileSync(join(dir, entry.name), 'utf8'));
  }
  return files;
}

export class TemplateStore {
  private readonly envs = new Map<string, typeof Handlebars>();
  private readonly pieces = new Map<string, PieceTemplate>();
  private readonly sheets = new Map<string, SheetTemplate>();
  private readonly layouts = new Map<string, Compiled>();
  private inlined: InlinedLayout | undefined;
  /** Sources by language: pieces, sheets and partials; shared partials and layouts. */
  private readonly pieceSources = new Map<Language, Map<string, string>>();
  private readonly sheetSources = new Map<Language, Map<string, string>>();
  private readonly partialSources = new Map<Language, Map<string, string>>();
  private readonly sharedPartials: Map<string, string>;
  private readonly layoutSources: Map<string, string>;

  constructor(readonly dir: string = defaultTemplatesDir()) {
    for (const language of LANGUAGES) {
      this.pieceSources.set(language, hbsFiles(join(dir, language)));
      this.sheetSources.set(language, hbsFiles(join(dir, language, 'sheets')));
      this.partialSources.set(language, hbsFiles(join(dir, language, 'partials')));
    }
    this.sharedPartials = hbsFiles(join(dir, 'partials'));
    this.layoutSources = hbsFiles(join(dir, 'layouts'));
  }

  /** Every piece template name found in any language, sorted. */
  pieceNames(): string[] {
    const names = new Set<string>();
    for (const sources of this.pieceSources.values()) for (const name of sources.keys()) names.add(name);
    return [...names].sort();
  }

  sheetNames(language: Language): string[] {
    return [...(this.sheetSources.get(language)?.keys() ?? [])].sort();
  }

  /** Partial names registered for a language (its own and the shared ones). */
  partialNames(language: Language): Set<string> {
    return new Set([...this.sharedPartials.keys(), ...(this.partialSources.get(language)?.keys() ?? [])]);
  }

  /** Raw sources of a language's templates, for static checks: name -> source. */
  sources(language: Language): Map<string, string> {
    const all = new Map<string, string>();
    for (const [name, source] of this.pieceSources.get(language) ?? []) all.set(name, source);
    for (const [name, source] of this.sheetSources.get(language) ?? []) all.set(`sheets/${name}`, source);
    for (const [name, source] of this.partialSources.get(language) ?? []) all.set(`partials/${name}`, source);
    for (const [name, source] of this.sharedPartials) all.set(`partials/${name}`, source);
    for (const [name, source] of this.layoutSources) all.set(`layouts/${name}`, source);
    return all;
  }

  env(format: Format, language: Language): typeof Handlebars {
    const key = `${format}|${language}`;
    let hb = this.envs.get(key);
    if (!hb) {
      hb = Handlebars.create();
      registerHelpers(hb, format, language);
      const options = this.compileOptions(format);
      for (const [name, source] of [...this.sharedPartials, ...(this.partialSources.get(language) ?? [])]) {
        hb.registerPartial(name, hb.compile(source, options));
      }
      this.envs.set(key, hb);
    }
    return hb;
  }

  private compileOptions(format: Format): CompileOptions {
    return { strict: true, noEscape: format === 'plain' };
  }

  private compile(format: Format, language: Language, source: string): Compiled {
    return this.env(format, language).compile(source, this.compileOptions(format));
  }

  piece(name: string, language: Language): PieceTemplate {
    const key = `${language}/${name}`;
    const cached = this.pieces.get(key);
    if (cached) return cached;
    const source = this.pieceSources.get(language)?.get(name);
    if (source === undefined) throw new RenderError(name, language, 'file', `no template file ${language}/${name}.hbs`);
    const { fields, body } = splitFrontMatter(source);
    const header = pieceHeader.safeParse(fields);
    if (!header.success) throw new RenderError(name, language, 'file', `header: ${headerError(header.error)}`);
    const piece: PieceTemplate = {
      name,
      language,
      header: header.data,
      subject: this.compile('plain', language, header.data.subject),
      html: this.compile('html', language, body),
      plain: this.compile('plain', language, body),
    };
    this.pieces.set(key, piece);
    return piece;
  }

  sheet(name: SheetName, language: Language): SheetTemplate {
    const key = `${language}/${name}`;
    const cached = this.sheets.get(key);
    if (cached) return cached;
    const source = this.sheetSources.get(language)?.get(name);
    if (source === undefined) throw new RenderError(`sheets/${name}`, language, 'file', `no sheet file ${language}/sheets/${name}.hbs`);
    const { fields, body } = splitFrontMatter(source);
    const header = sheetHeader.safeParse(fields);
    if (!header.success) throw new RenderError(`sheets/${name}`, language, 'file', `header: ${headerError(header.error)}`);
    const sheet: SheetTemplate = { name, language, header: header.data, plain: this.compile('plain', language, body) };
    this.sheets.set(key, sheet);
    return sheet;
  }

  /** The e-mail shell: 'html' for email.html.hbs (its CSS inlined once, here), 'plain' for email.text.hbs. */
  layout(format: Format, language: Language): Compiled {
    const key = `${format}|${language}`;
    let layout = this.layouts.get(key);
    if (!layout) {
      const source = format === 'html' ? this.inlinedHtmlLayout().source : this.layoutSource('email.text');
      layout = this.compile(format, language, source);
      this.layouts.set(key, layout);
    }
    return layout;
  }

  /** Inline style of each markup class, from the HTML layout's stylesheet. */
  htmlStyles(): ClassStyles {
    return this.inlinedHtmlLayout().styles;
  }

  private inlinedHtmlLayout(): InlinedLayout {
    this.inlined ??= attempt('layouts/email.html', null, 'file', () => inlineLayout(this.layoutSource('email.html')));
    return this.inlined;
  }

  private layoutSource(file: string): string {
    const source = this.layoutSources.get(file);
    if (source === undefined) throw new RenderError(`layouts/${file}`, null, 'file', 'layout file missing');
    return source;
  }
}
