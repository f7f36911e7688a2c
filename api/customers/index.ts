/**
 * The customer pages: public, server-rendered, one purpose per code, in the contact's language,
 * rate-limited per client. Each page's guard (guards.ts) admits only its own kind of code or
 * token. Their stylesheet is served from here; nothing is loaded from elsewhere.
 */
import { fileURLToPath } from 'node:url';
import fastifyFormbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps, WebConfig } from '../deps.js';
import { bookingRoutes } from './booking.js';
import { html } from './html.js';
import { browserLanguage, messagesFor } from './messages/index.js';
import { sendPage } from './page.js';
import { preferenceRoutes } from './preferences.js';
import { replyCardRoutes } from './reply-card.js';
import { rsvpRoutes } from './rsvp.js';
import { surveyRoutes } from './survey.js';
import { viewEmailRoutes, type EmailRenderer } from './view-email.js';

const STATIC_DIR = fileURLToPath(new URL('./static/', import.meta.url));

export async function customerPages(app: FastifyInstance, opts: { deps: ApiDeps; web: WebConfig }): Promise<void> {
  const { deps, web } = opts;
  await app.register(fastifyFormbody, { bodyLimit: 16 * 1024 });
  // Per client, over every customer page; the answer is a page in the browser's language.
  app.addHook(
    'onRequest',
    app.rateLimit({
      max: () => web.PUBLIC_RATE_LIMIT_PER_MINUTE,
      timeWindow: 60_000,
      errorResponseBuilder: (req, context) => {
        const lang = browserLanguage(req.headers['accept-language']);
        return Object.assign(new Error(messagesFor(lang).tooMany.body), { statusCode: context.statusCode, lang });
      },
    }),
  );
  app.setErrorHandler((err: Error & { statusCode?: number; lang?: 'en' | 'zh-CN'; validation?: unknown }, req, reply) => {
    const lang = err.lang ?? browserLanguage(req.headers['accept-language']);
    const t = messagesFor(lang);
    const status = err.statusCode ?? 500;
    if (status === 429) return sendPage(reply, 429, lang, t.tooMany.title, html`<p>${t.tooMany.body}</p>`);
    if (status < 500) {
      const field = err.validation ? String((err.validation as { instancePath?: string }[])[0]?.instancePath ?? '').replace(/^\//, '') : '';
      return sendPage(reply, status, lang, t.failed.title, html`<p>${field ? t.badField(field) : t.failed.body}</p>`);
    }
    req.log.error({ err, url: req.url }, 'customer page failed');
    return sendPage(reply, 500, lang, t.failed.title, html`<p>${t.failed.body}</p>`);
  });

  await app.register(fastifyStatic, { root: STATIC_DIR, prefix: '/assets/', maxAge: '1d', index: false });

  let renderer: Promise<EmailRenderer> | undefined;
  const loadRenderer = () => (renderer ??= import('../../render/index.js').then((m) => m.createRenderer()));

  await app.register(replyCardRoutes, { deps });
  await app.register(bookingRoutes, { deps });
  await app.register(surveyRoutes, { deps, web });
  await app.register(rsvpRoutes, { deps, web });
  await app.register(preferenceRoutes, { deps, web });
  await app.register(viewEmailRoutes, { deps, web, renderer: loadRenderer });
}
