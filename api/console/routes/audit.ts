/** The audit log screen (managers): who did what, newest first, filtered by user and action. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { listAudit } from '../../../client/audit.js';
import { displayTime } from '../../../lib/display-time.js';
import type { ConsoleContext } from '../context.js';
import { html } from '../html.js';
import { sendPage } from '../layout.js';
import { messages } from '../messages/index.js';

const PAGE = 100;

export function auditRoutes(app: FastifyInstance, ctx: ConsoleContext): void {
  app.withTypeProvider<ZodTypeProvider>().get('/audit', {
    config: { consolePermission: 'audit' },
    schema: { querystring: z.object({ user: z.string().max(320).optional(), action: z.string().max(64).optional(), before: z.string().regex(/^\d+$/, 'a number').optional() }) },
  }, async (request, reply) => {
    const q = request.query;
    const rows = await listAudit(ctx.opts.pool, { user: q.user, action: q.action, before: q.before, limit: PAGE });
    const zone = ctx.opts.config.DISPLAY_TIME_ZONE;
    const last = rows.at(-1);
    const more = rows.length === PAGE && last ? `?${new URLSearchParams({ ...(q.user ? { user: q.user } : {}), ...(q.action ? { action: q.action } : {}), before: last.id })}` : undefined;
    return sendPage(ctx, request, reply, {
      title: messages.screens.audit,
      current: 'audit',
      body: html`<form method="get" class="filters">
  <label>User e-mail <input name="user" value="${q.user ?? ''}"></label>
  <label>Action <input name="action" value="${q.action ?? ''}" placeholder="login, pause, replay, reply, import"></label>
  <button type="submit">Filter</button>
</form>
<table class="list"><thead><tr><th>When (${zone})</th><th>Who</th><th>Action</th><th>On</th><th>Detail</th><th>From</th></tr></thead>
<tbody>${rows.map(
        (r) => html`<tr><td>${displayTime(r.at, zone)}</td><td>${r.user_email}</td><td>${r.action}</td><td>${r.subject ?? ''}</td><td><code>${Object.keys(r.detail).length ? JSON.stringify(r.detail) : ''}</code></td><td>${r.ip ?? ''}</td></tr>`,
      )}</tbody></table>
${rows.length === 0 ? html`<p>Nothing recorded${q.user || q.action ? ' for this filter' : ''}.</p>` : ''}
${more ? html`<p><a href="${ctx.base}/audit${more}">Older entries</a></p>` : ''}`,
    });
  });
}
