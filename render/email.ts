/**
 * E-mail: subject, HTML with its CSS inlined (mail clients drop <style> blocks; juice inlines the
 * layout once, see email-styles.ts), a text part rendered from the same body (not stripped
 * HTML), and the pack's sheets as PDF attachments.
 */
import { attempt } from './errors.js';
import { markupToHtml } from './markup-html.js';
import { markupToText } from './markup-text.js';
import { checkRequires, renderPlainBody, renderSubject, rootContext } from './piece.js';
import { renderSheetPdfWith } from './print.js';
import type { TemplateStore } from './template-store.js';
import type { EmailContext, RenderedEmail } from './types.js';

export async function renderEmailWith(store: TemplateStore, template: string, context: EmailContext): Promise<RenderedEmail> {
  const language = context.contact.language;
  const piece = store.piece(template, language);
  checkRequires(piece, context);
  const root = rootContext(context, 'email');
  const subject = renderSubject(piece, root);
  const html = attempt(template, language, 'html', () => {
    const body = markupToHtml(piece.html(root), store.htmlStyles());
    return store.layout('html', language)({ ...root, subject, body });
  });
  const text = attempt(template, language, 'text', () => {
    const body = markupToText(renderPlainBody(piece, root, 'text'));
    return store.layout('plain', language)({ ...root, subject, body }).replace(/\n{3,}/g, '\n\n').trim() + '\n';
  });
  const attachments = await Promise.all(
    piece.header.sheets.map(async (name) => ({ ...(await renderSheetPdfWith(store, name, context)), contentType: 'application/pdf' })),
  );
  return { subject, html, text, attachments };
}
