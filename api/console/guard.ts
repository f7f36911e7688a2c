/**
 * The console's guard, on every route of its scope: a login (and a session within its idle and
 * absolute limits), the role's permission, a valid CSRF token on every POST, and a one-time form
 * token so that a form sent twice (a double click, a reload) acts once.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { recordAudit } from '../../client/audit.js';
import { sql } from '../../db/queries.js';
import type { ConsoleContext } from './context.js';
import { sendMessage } from './layout.js';
import { messages } from './messages/index.js';
import { allowed, type Permission } from './permissions.js';

export const DEFAULT_IDLE_MS = 30 * 60_000;
export const DEFAULT_ABSOLUTE_MS = 12 * 3_600_000;

/** Whether the client wants JSON (the front-end's fetches) rather than a page. */
export function wantsJson(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('application/json');
}

function toLogin(ctx: ConsoleContext, request: FastifyRequest, reply: FastifyReply, why?: 'expired'): FastifyReply {
  if (wantsJson(request) || request.method !== 'GET') return reply.status(401).send({ error: why === 'expired' ? messages.login.expired : 'log in first' });
  const next = encodeURIComponent(request.url);
  return reply.redirect(`${ctx.base}/login?next=${next}${why ? `&${why}=1` : ''}`, 303);
}

/** The one-time token of a form or fetch: `_form` in the body, or the X-Form-Token header. */
function formToken(request: FastifyRequest): string | undefined {
  const fromBody = (request.body as Record<string, unknown> | undefined)?._form;
  const fromHeader = request.headers['x-form-token'];
  const token = typeof fromBody === 'string' ? fromBody : typeof fromHeader === 'string' ? fromHeader : undefined;
  return token && /^[A-Za-z0-9-]{8,64}$/.test(token) ? token : undefined;
}

export function installGuard(app: FastifyInstance, ctx: ConsoleContext): void {
  const absoluteMs = ctx.opts.sessionAbsoluteMs ?? DEFAULT_ABSOLUTE_MS;

  app.addHook('onRequest', async (request, reply) => {
    const need = request.routeOptions.config.consolePermission;
    if (need === undefined || need === 'public') return;
    const s = request.session;
    if (!s.userId || !s.role) return toLogin(ctx, request, reply);
    if (!s.loginAt || Date.now() - s.loginAt > absoluteMs) {
      await s.destroy();
      return toLogin(ctx, request, reply, 'expired');
    }
    s.touch(); // the idle limit counts from this request
    if (need !== 'login' && !allowed(s.role, need)) {
      await recordAudit(ctx.opts.pool, { userId: s.userId, userEmail: s.email ?? '', action: 'refused', subject: request.url, detail: { permission: need }, ip: request.ip });
      const text = messages.refused(messages.roles[s.role], screenName(need));
      if (wantsJson(request)) return reply.status(403).send({ error: text });
      return sendMessage(ctx, request, reply, 403, 'Not allowed', text);
    }
  });

  // Bodies are parsed by now: the CSRF token may come in the form.
  app.addHook('preHandler', (request, reply, done) => {
    if (request.method !== 'POST' || request.routeOptions.config.consolePermission === undefined) return done();
    app.csrfProtection(request, reply, done);
  });

  // A form's one-time token is claimed once: the second submission acts not, and says so.
  app.addHook('preHandler', async (request, reply) => {
    const need = request.routeOptions.config.consolePermission;
    if (request.method !== 'POST' || need === undefined || need === 'public' || request.url.endsWith('/logout')) return;
    if (request.isMultipart()) return; // an upload claims its token in its handler, where its fields are read
    const token = formToken(request);
    if (!token) return reply.status(400).send({ error: '_form: missing (reload the page)' });
    if (!(await claimFormToken(ctx, request.session.userId!, token))) {
      if (wantsJson(request)) return reply.status(409).send({ error: messages.alreadySubmitted });
      return sendMessage(ctx, request, reply, 409, 'Already sent', messages.alreadySubmitted);
    }
  });
}

/** Claims a form's one-time token; false when it was claimed before (the same form sent again). */
export async function claimFormToken(ctx: ConsoleContext, userId: number, token: string): Promise<boolean> {
  const { rowCount } = await ctx.opts.pool.query(sql('console-submission-claim'), [token, userId]);
  return (rowCount ?? 0) > 0;
}

function screenName(permission: Permission | 'login'): string {
  const names: Record<string, string> = {
    campaigns: 'campaigns',
    failed: 'failed pieces',
    schedules: 'schedules',
    slots: 'inspection slots',
    contacts: 'contact search',
    replies: 'reply cards',
    imports: 'imports',
    audit: 'the audit log',
  };
  return names[permission] ?? 'this screen';
}
