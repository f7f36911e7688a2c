/**
 * Rendering one piece template's parts from a context: the shared steps of e-mail, print and
 * validation. Templates see the context plus `channel` ('email' or 'post'), so a letter can say
 * "the enclosed reply card" where the e-mail says "reply online".
 */
import { attempt, RenderError } from './errors.js';
import type { SheetName } from './front-matter.js';
import type { PieceTemplate, TemplateStore } from './template-store.js';
import type { PieceContext } from './types.js';

export type Channel = 'email' | 'post';

export type RootContext<C extends PieceContext = PieceContext> = C & { channel: Channel };

export function rootContext<C extends PieceContext>(context: C, channel: Channel): RootContext<C> {
  return { ...context, channel };
}

/** Fails when the context lacks a part the template declares in `requires`. */
export function checkRequires(piece: PieceTemplate, context: PieceContext): void {
  for (const part of piece.header.requires) {
    // A dotted part ('booking.slot') is looked up step by step; a missing step counts as missing.
    let value: unknown = context;
    for (const key of part.split('.')) value = value === null || value === undefined ? value : (value as Record<string, unknown>)[key];
    if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) {
      throw new RenderError(piece.name, piece.language, 'file', `the context has no ${part}, which this template requires`);
    }
  }
}

/** The subject on one line (a header field cannot hold a line break). */
export function renderSubject(piece: PieceTemplate, root: RootContext): string {
  return attempt(piece.name, piece.language, 'subject', () => piece.subject(root).replace(/\s+/g, ' ').trim());
}

/** The body markup, unescaped: for the text part and for print. */
export function renderPlainBody(piece: PieceTemplate, root: RootContext, part: 'text' | 'print'): string {
  return attempt(piece.name, piece.language, part, () => piece.plain(root));
}

/** A sheet's title, file name and body markup, in the contact's language. */
export function renderSheet(store: TemplateStore, name: SheetName, root: RootContext): { title: string; filename: string; body: string } {
  const language = root.contact.language;
  const sheet = store.sheet(name, language);
  const body = attempt(`sheets/${name}`, language, 'sheet', () => sheet.plain(root));
  return { title: sheet.header.title, filename: sheet.header.filename, body };
}
