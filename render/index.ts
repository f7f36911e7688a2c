/**
 * Campaign Engine's rendering: templates/ (Handlebars) to e-mails and print-ready PDFs.
 * See render/README.md for the context's shape and the templates' layout.
 *
 * The module-level functions use the project's templates/ folder, loaded once and compiled on
 * first use; `createRenderer(dir)` gives the same functions over another folder (tests, a
 * campaign's own templates). Rendering failures throw RenderError (a template or data defect:
 * not worth retrying); validateTemplates reports instead of throwing.
 */
import { renderEmailWith } from './email.js';
import type { SheetName } from './front-matter.js';
import { renderPrintBatchWith, renderSheetPdfWith, type PrintOptions } from './print.js';
export type { PrintOptions } from './print.js';
import { TemplateStore } from './template-store.js';
import type { EmailContext, Language, PieceContext, PrintBatch, PrintPiece, RenderedEmail, TemplateError } from './types.js';
import { validateTemplatesWith } from './validate.js';

export type * from './types.js';
export { RenderError } from './errors.js';
export { SHEETS, type SheetName } from './front-matter.js';
export { sampleContext, sampleEmailContext } from './sample-context.js';
export { formatDate, formatDateTime, formatMoney, formatTime, salutation } from './format.js';
export { ADDRESS_ZONE, WINDOW } from './pdf/geometry.js';

export interface Renderer {
  /** Renders one e-mail in the contact's language: subject, inlined HTML, text part, sheet PDFs. */
  renderEmail(template: string, context: EmailContext): Promise<RenderedEmail>;
  /** One merged PDF for a letter-shop batch; each piece starts on a new page (a new sheet with `duplex`). */
  renderPrintBatch(pieces: PrintPiece[], options?: PrintOptions): Promise<PrintBatch>;
  /** One piece as its own PDF (preview). */
  renderPrintPiece(piece: PrintPiece): Promise<Buffer>;
  /** One pack sheet as a PDF. */
  renderSheetPdf(sheet: SheetName, context: PieceContext): Promise<Buffer>;
  /** Template problems (all templates, or those named), in both languages; empty when all render. */
  validateTemplates(names?: string[]): TemplateError[];
  /** Piece template names available. */
  templateNames(): string[];
  /** What a template declares: the context parts it requires and the sheets it attaches and prints. */
  templateInfo(template: string, language: Language): TemplateInfo;
}

export interface TemplateInfo {
  requires: string[];
  sheets: SheetName[];
  /** Whether print adds the business-reply card page (the template requires replyCard). */
  replyCard: boolean;
}

export function createRenderer(templatesDir?: string): Renderer {
  const store = new TemplateStore(templatesDir);
  return {
    renderEmail: (template, context) => renderEmailWith(store, template, context),
    renderPrintBatch: (pieces, options) => renderPrintBatchWith(store, pieces, options),
    renderPrintPiece: async (piece) => (await renderPrintBatchWith(store, [piece], { title: piece.pieceId })).pdf,
    renderSheetPdf: async (sheet, context) => (await renderSheetPdfWith(store, sheet, context)).content,
    validateTemplates: (names) => validateTemplatesWith(store, names),
    templateNames: () => store.pieceNames(),
    templateInfo: (template, language) => {
      const { requires, sheets } = store.piece(template, language).header;
      return { requires: [...requires], sheets: [...sheets], replyCard: requires.includes('replyCard') };
    },
  };
}

let defaultRenderer: Renderer | undefined;
const project = (): Renderer => (defaultRenderer ??= createRenderer());

export const renderEmail: Renderer['renderEmail'] = (template, context) => project().renderEmail(template, context);
export const renderPrintBatch: Renderer['renderPrintBatch'] = (pieces, options) => project().renderPrintBatch(pieces, options);
export const renderPrintPiece: Renderer['renderPrintPiece'] = (piece) => project().renderPrintPiece(piece);
export const renderSheetPdf: Renderer['renderSheetPdf'] = (sheet, context) => project().renderSheetPdf(sheet, context);
export const validateTemplates: Renderer['validateTemplates'] = (names) => project().validateTemplates(names);
export const templateNames: Renderer['templateNames'] = () => project().templateNames();
export const templateInfo: Renderer['templateInfo'] = (template, language) => project().templateInfo(template, language);
