/**
 * The engine's web, as one fastify app: every plugin and route folder registered here in one
 * list, so a reader sees the whole app at once. Audiences live apart, each with its own guard:
 * health checks, the partners' signed callbacks (partners/), the customer pages (customers/) and
 * the team's console behind its login (console/).
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { consoleRoutes } from './console/plugin.js';
import { customerPages } from './customers/index.js';
import { html } from './customers/html.js';
import { browserLanguage, messagesFor } from './customers/messages/index.js';
import { sendPage } from './customers/page.js';
import type { ApiDeps, WebConfig } from './deps.js';
import { partnerRoutes } from './partners/call-outcomes.js';
import { rateLimits } from './plugins/rate-limits.js';
import { securityHeaders } from './plugins/security-headers.js';
import { healthRoutes } from './readiness.js';

/** Request bodies larger than this are refused (413) before they are read. */
const BODY_LIMIT = 64 * 1024;

/** Builds the app; `web` is read at request time, so the URL can be filled in once listening. */
export async function buildApp(deps: ApiDeps, web: WebConfig): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: deps.log as FastifyBaseLogger, logController: new LogController({ disableRequestLogging: true }), bodyLimit: BODY_LIMIT, trustProxy: 'loopback' });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Applied to every route: called here, not registered, so they are not encapsulated.
  await securityHeaders(app);
  await rateLimits(app);

  app.setErrorHandler((err: Error & { statusCode?: number; validation?: { instancePath?: string; message?: string }[] }, req, reply) => {
    const status = err.statusCode ?? 500;
    if (err.validation) {
      const issue = err.validation[0];
      const field = String(issue?.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.') || 'body';
      return reply.code(422).send({ error: `${field}: ${issue?.message ?? 'invalid'}` });
    }
    if (status < 500) return reply.code(status).send({ error: err.message });
    // The details of a failure stay in the log, with the request; the client learns nothing of them.
    req.log.error({ err, method: req.method, url: req.url }, 'api request failed');
    return reply.code(500).send({ error: 'internal error' });
  });

  // Scanning for codes costs as much as guessing them on the pages themselves.
  app.setNotFoundHandler({ preHandler: app.rateLimit({ max: () => web.PUBLIC_RATE_LIMIT_PER_MINUTE, timeWindow: 60_000 }) }, (req, reply) => {
    if (!(req.headers.accept ?? '').includes('text/html')) return reply.code(404).send({ error: 'not found' });
    const lang = browserLanguage(req.headers['accept-language']);
    const t = messagesFor(lang);
    return sendPage(reply, 404, lang, t.notFound.title, html`<p>${t.notFound.body}</p>`);
  });

  await app.register(healthRoutes, { deps });
  await app.register(partnerRoutes, { deps, web });
  await app.register(customerPages, { deps, web });
  await app.register(consoleRoutes, { prefix: '/console', pool: deps.pool, temporal: deps.temporal, taskQueue: deps.taskQueue, log: deps.log, config: web });
  return app;
}
