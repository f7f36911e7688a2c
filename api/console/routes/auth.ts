/** Login and logout. A login starts a new session (a new id: no fixation) and is audited, as is a refusal. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { recordAudit } from '../../../client/audit.js';
import { authenticate } from '../../../client/users.js';
import { audit, type ConsoleContext } from '../context.js';
import { html } from '../html.js';
import { sendPage } from '../layout.js';
import { messages } from '../messages/index.js';
import { allowed, SCREENS } from '../permissions.js';

/** Only a path inside the console may be returned to after login (no open redirect). */
function safeNext(ctx: ConsoleContext, next: string | undefined): string {
  return next && next.startsWith(`${ctx.base}/`) && !next.startsWith('//') && !next.includes('\\') ? next : `${ctx.base}/`;
}

export function authRoutes(app: FastifyInstance, ctx: ConsoleContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const loginPage = (next: string, note?: string, status = 200) =>
    (request: Parameters<typeof sendPage>[1], reply: Parameters<typeof sendPage>[2]) =>
      sendPage(ctx, request, reply, {
        title: messages.login.title,
        status,
        body: html`${note ? html`<p class="flash" role="alert">${note}</p>` : ''}
<form method="post" action="${ctx.base}/login" class="login">
  <input type="hidden" name="_csrf" value="${reply.generateCsrf()}">
  <input type="hidden" name="next" value="${next}">
  <label>${messages.login.email} <input type="email" name="email" autocomplete="username" required autofocus></label>
  <label>${messages.login.password} <input type="password" name="password" autocomplete="current-password" required></label>
  <button type="submit">${messages.login.submit}</button>
</form>`,
      });

  r.get('/login', {
    config: { consolePermission: 'public' },
    schema: { querystring: z.object({ next: z.string().optional(), expired: z.string().optional(), out: z.string().optional() }) },
  }, async (request, reply) => {
    const note = request.query.expired ? messages.login.expired : request.query.out ? messages.login.loggedOut : undefined;
    return loginPage(safeNext(ctx, request.query.next), note)(request, reply);
  });

  r.post('/login', {
    config: {
      consolePermission: 'public',
      rateLimit: { max: ctx.opts.loginAttemptsPerMinute ?? 10, timeWindow: 60_000, errorResponseBuilder: () => ({ statusCode: 429, error: messages.login.tooMany }) },
    },
    schema: { body: z.object({ email: z.string().max(320), password: z.string().max(1024), next: z.string().optional(), _csrf: z.string().optional() }) },
  }, async (request, reply) => {
    const { email, password } = request.body;
    const next = safeNext(ctx, request.body.next);
    const user = await authenticate(ctx.opts.pool, email, password);
    if (!user) {
      await recordAudit(ctx.opts.pool, { userId: null, userEmail: email.trim().toLowerCase(), action: 'login-refused', ip: request.ip });
      return loginPage(next, messages.login.refused, 401)(request, reply);
    }
    await request.session.regenerate();
    Object.assign(request.session, { userId: user.id, email: user.email, name: user.name, role: user.role, loginAt: Date.now() });
    await audit(ctx, request, 'login');
    return reply.redirect(next, 303);
  });

  r.post('/logout', { config: { consolePermission: 'login' } }, async (request, reply) => {
    await audit(ctx, request, 'logout');
    await request.session.destroy();
    return reply.redirect(`${ctx.base}/login?out=1`, 303);
  });

  // Home: the first screen the role may use.
  r.get('/', { config: { consolePermission: 'login' } }, async (request, reply) => {
    const role = request.session.role!;
    const first = SCREENS.find((s) => allowed(role, s.key));
    return reply.redirect(`${ctx.base}${first?.path ?? '/login'}`, 303);
  });
}
