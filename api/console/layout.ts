/** The console's page: the menu of the screens the user's role may use, a flash line, the body. */
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { html, type Html } from './html.js';
import { messages } from './messages/index.js';
import { allowed, SCREENS } from './permissions.js';
import type { ConsoleContext } from './context.js';

/** Hidden fields every console form carries: the CSRF token, and a one-time token so a double submit acts once. */
export function formFields(reply: FastifyReply): Html {
  return html`<input type="hidden" name="_csrf" value="${reply.generateCsrf()}"><input type="hidden" name="_form" value="${randomBytes(16).toString('hex')}">`;
}

export interface PageOptions {
  title: string;
  /** The menu entry to mark as current. */
  current?: string;
  body: Html;
  /** Loads the front-end bundle (charts, live progress, data entry). */
  withScript?: boolean;
  status?: number;
}

export function sendPage(ctx: ConsoleContext, request: FastifyRequest, reply: FastifyReply, page: PageOptions): FastifyReply {
  const s = request.session;
  const flash = s.flash;
  if (flash) s.flash = undefined;
  const role = s.role;
  const menu = role
    ? SCREENS.filter((screen) => allowed(role, screen.key)).map(
        (screen) => html`<a href="${ctx.base}${screen.path}"${screen.key === page.current ? html` aria-current="page"` : ''}>${messages.screens[screen.label]}</a>`,
      )
    : [];
  const v = ctx.assetVersion();
  const body = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} · ${messages.product}</title>
<link rel="stylesheet" href="${ctx.base}/assets/console.css?v=${v}">
</head>
<body>
<header class="top">
  <strong class="product">${messages.product}</strong>
  <nav aria-label="screens">${menu}</nav>
  ${role
    ? html`<form method="post" action="${ctx.base}/logout" class="logout"><input type="hidden" name="_csrf" value="${reply.generateCsrf()}"><span class="who">${s.name} · ${messages.roles[role]}</span> <button type="submit">${messages.logout}</button></form>`
    : ''}
</header>
<main>
<h1>${page.title}</h1>
${flash ? html`<p class="flash" role="status">${flash}</p>` : ''}
${page.body}
</main>
${page.withScript ? html`<script type="module" src="${ctx.base}/assets/console.js?v=${v}"></script>` : ''}
</body>
</html>`;
  return reply.status(page.status ?? 200).type('text/html; charset=utf-8').send(body.text);
}

/** A page that says one thing: refused, not found, already sent. */
export function sendMessage(ctx: ConsoleContext, request: FastifyRequest, reply: FastifyReply, status: number, title: string, text: string): FastifyReply {
  return sendPage(ctx, request, reply, { title, status, body: html`<p class="message">${text}</p><p><a href="${ctx.base}/">Back to the console</a></p>` });
}
