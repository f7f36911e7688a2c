/**
 * The console for the team, as one encapsulated fastify plugin: mount it with
 * `app.register(consoleRoutes, { prefix: '/console', ...options })`. Everything it needs
 * (cookies, Postgres-backed sessions, CSRF, form and multipart bodies, rate limit on login, its
 * static assets, its guard) is registered inside its own scope, so the customer pages beside it
 * are untouched. Every action calls the same client functions as the CLI.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySession from '@fastify/session';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { UI_DIST_DIR } from './build-ui.js';
import type { ConsoleContext } from './context.js';
import { DEFAULT_IDLE_MS, installGuard, wantsJson } from './guard.js';
import { sendMessage } from './layout.js';
import { messages } from './messages/index.js';
import type { ConsoleOptions } from './options.js';
import { auditRoutes } from './routes/audit.js';
import { authRoutes } from './routes/auth.js';
import { consoleScreens } from './routes/index.js';
import { sessionSecretOrOwn } from './session-secret.js';
import { PostgresSessionStore } from './session-store.js';

export type { ConsoleOptions } from './options.js';

/** A validation error as one line naming the field: "email: Invalid email address". */
function validationText(error: unknown): string {
  if (!hasZodFastifySchemaValidationErrors(error)) return String((error as Error).message);
  return error.validation.map((v) => `${v.instancePath.replace(/^\//, '').replace(/\//g, '.') || 'request'}: ${v.message}`).join('; ');
}

export async function consoleRoutes(app: FastifyInstance, opts: ConsoleOptions): Promise<void> {
  const idleMs = opts.sessionIdleMs ?? DEFAULT_IDLE_MS;
  const distDir = opts.uiDistDir ?? UI_DIST_DIR;
  const builtAt = (): string => {
    const file = join(distDir, 'console.js');
    return existsSync(file) ? String(Math.floor(statSync(file).mtimeMs)) : '0';
  };
  let version = builtAt();
  const ctx: ConsoleContext = { opts, base: app.prefix, assetVersion: () => version };

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Plugins the mounting app may have registered already are reused, not registered twice.
  if (!app.hasDecorator('parseCookie')) await app.register(fastifyCookie);
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) await app.register(fastifyFormbody);
  if (!app.hasContentTypeParser('multipart/form-data')) await app.register(fastifyMultipart, { limits: { fileSize: 512 * 1024 * 1024, files: 1 } });
  if (!app.hasDecorator('rateLimit')) await app.register(fastifyRateLimit, { global: false });

  const store = new PostgresSessionStore(opts.pool, idleMs);
  await app.register(fastifySession, {
    secret: await sessionSecretOrOwn(opts.pool, opts.sessionSecret, (err) => opts.log.warn({ err }, 'console: database unreachable at start; session secret kept by this process alone')),
    cookieName: 'console_session',
    store,
    saveUninitialized: false,
    rolling: true,
    cookie: { path: app.prefix || '/', httpOnly: true, sameSite: 'strict', secure: 'auto', maxAge: idleMs },
  });
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/session',
    getToken: (request: FastifyRequest) => {
      const body = request.body as Record<string, unknown> | undefined;
      const header = request.headers['x-csrf-token'];
      const query = (request.query as Record<string, unknown> | undefined)?._csrf;
      return typeof body?._csrf === 'string' ? body._csrf : typeof header === 'string' ? header : typeof query === 'string' ? query : undefined;
    },
  });
  if (existsSync(distDir)) {
    await app.register(fastifyStatic, { root: distDir, prefix: '/assets/', decorateReply: false, cacheControl: true, maxAge: '1h' });
  }

  app.setErrorHandler(async (error: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const text = validationText(error);
      return wantsJson(request) ? reply.status(400).send({ error: text }) : sendMessage(ctx, request, reply, 400, 'Not accepted', text);
    }
    if (error.code?.startsWith('FST_CSRF')) {
      return wantsJson(request) ? reply.status(403).send({ error: messages.badCsrf }) : sendMessage(ctx, request, reply, 403, 'Out of date', messages.badCsrf);
    }
    if (error.statusCode === 429) return reply.status(429).type('text/plain; charset=utf-8').send(messages.login.tooMany);
    if (error.statusCode && error.statusCode < 500) return reply.status(error.statusCode).send({ error: error.message });
    opts.log.error({ err: error, path: request.url }, 'console request failed');
    return wantsJson(request) ? reply.status(500).send({ error: messages.serverError }) : sendMessage(ctx, request, reply, 500, 'Error', messages.serverError);
  });

  installGuard(app, ctx);
  authRoutes(app, ctx);
  auditRoutes(app, ctx);
  consoleScreens(app, ctx);

  // Expired sessions are swept now and then, off the requests' path.
  const sweeper = setInterval(() => void store.sweep().catch((err: unknown) => opts.log.warn({ err }, 'console session sweep failed')), 10 * 60_000);
  sweeper.unref();
  app.addHook('onClose', async () => clearInterval(sweeper));
  app.addHook('onReady', async () => {
    version = builtAt();
  });
}
