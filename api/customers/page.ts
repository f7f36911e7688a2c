/** Sending a customer page, the one "not found" page, and times as the customer reads them. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { html, layout, type Html } from './html.js';
import { browserLanguage, messagesFor, type PageLanguage } from './messages/index.js';

export function sendPage(reply: FastifyReply, status: number, lang: PageLanguage, title: string, body: Html): FastifyReply {
  // Pages carry personal answers: never kept by a shared cache.
  return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(layout(lang, messagesFor(lang), title, body));
}

/**
 * The answer to every code or token that does not fit its page (unknown, forged, expired, of
 * another kind): the same page, in the browser's language, with no hint of why.
 */
export function notFoundPage(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const lang = browserLanguage(req.headers['accept-language']);
  const t = messagesFor(lang);
  return sendPage(reply, 404, lang, t.notFound.title, html`<p>${t.notFound.body}</p>`);
}

/** A moment in the customer's own zone and language, e.g. "Saturday 5 December 2026, 09:30". */
export function formatWhen(at: Date | string, lang: PageLanguage, timeZone: string): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone,
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(at));
}

/** A calendar date (ISO) in the customer's language. */
export function formatDate(isoDate: string, lang: PageLanguage): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(`${isoDate}T00:00:00Z`));
}
