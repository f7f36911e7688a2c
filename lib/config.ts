/**
 * Configuration: every setting comes from the environment, is validated once at start against a
 * schema, and is passed in to whoever needs it (workflows never read the environment).
 */
import { z } from 'zod';
import { isTimeZone, systemTimeZone } from './display-time.js';

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const nonNegativeInt = z.coerce.number().int().min(0);
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** The call-centre callback secret of a development machine, shared with the simulator. */
export const DEVELOPMENT_CALLBACK_SECRET = 'development-only-call-centre-callback-secret';

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /**
   * host:port where the worker serves Prometheus metrics (the SDK's and the engine's); unset: none.
   * Off by default: every worker on a machine needs a port of its own.
   */
  METRICS_BIND_ADDRESS: z.string().regex(/^[^:\s]+:\d{1,5}$/, 'expected host:port').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  /** Any Postgres server; when unset the engine starts embedded Postgres in PG_DATA_DIR. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  PG_DATA_DIR: z.string().min(1).default('.data/postgres'),
  PG_POOL_MAX: positiveInt.default(10),

  TEMPORAL_ADDRESS: z.string().min(1).default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TASK_QUEUE: z.string().min(1).default('campaign-engine'),
  /**
   * Temporal Cloud and secured clusters, named as Temporal's own CLI and SDKs read them: an API
   * key (sent as a bearer token, over TLS), or mutual TLS with a client certificate and key.
   */
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  /** TLS without a client certificate (implied by an API key or any TEMPORAL_TLS_* file). */
  TEMPORAL_TLS: bool.optional(),
  TEMPORAL_TLS_CLIENT_CERT_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_CLIENT_KEY_PATH: z.string().min(1).optional(),
  /** The CA that signed the server's certificate, when not a public one. */
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: z.string().min(1).optional(),
  /** The name the server's certificate is checked against, when not the address's host. */
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),

  SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  SMTP_PORT: port.default(1025),
  SMTP_SECURE: bool.default(false),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  /** Connections the pool opens to the relay: a send holds one for two round trips. */
  SMTP_MAX_CONNECTIONS: positiveInt.default(10),
  SMTP_MAX_MESSAGES: positiveInt.default(100),
  /** Messages per second across the pool; 0 means no limit in the transport. */
  SMTP_RATE_PER_SECOND: nonNegativeInt.default(0),
  /** Milliseconds for connect, greeting and each command before a stalled server is given up. */
  SMTP_TIMEOUT_MS: positiveInt.default(30_000),
  /**
   * Milliseconds to wait for the reply to a message's final dot (RFC 5321 4.5.3.2.6: 10 minutes).
   * The relay may still be accepting the message: giving up sooner and sending again can deliver
   * it twice. At most 14 minutes, so a send fits in its activity's 20-minute start-to-close.
   */
  SMTP_DATA_TIMEOUT_MS: positiveInt.max(14 * 60_000).default(600_000),
  /**
   * Seconds a send attempt's hold on its delivery row lasts without being renewed; a live attempt
   * renews it while it sends. A worker that dies mid-send leaves its pieces held this long before a
   * retry may send them (with the same Message-ID).
   */
  DELIVERY_LEASE_SECONDS: positiveInt.default(120),
  MAIL_FROM: z.string().min(3).default('Campaign Engine <crm@example.com>'),
  /** The domain of generated Message-IDs. */
  MESSAGE_ID_DOMAIN: z.string().min(1).default('campaign-engine.local'),

  /** Public base URL of the engine's API: unsubscribe links, reply URLs, call-outcome callbacks. */
  PUBLIC_BASE_URL: z.url().default('http://127.0.0.1:3000'),
  /** Where `npm run api` listens; behind a TLS proxy that PUBLIC_BASE_URL names. */
  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: port.default(3000),
  /** Secret that signs unsubscribe tokens; at least 32 characters. */
  UNSUBSCRIBE_SECRET: z.string().min(32).default('development-only-unsubscribe-secret-change-me'),
  /**
   * Secret that signs the customer pages' links (survey, trip RSVP, view in browser), each kind
   * under a key of its own; at least 32 characters.
   */
  CUSTOMER_LINK_SECRET: z.string().min(32).default('development-only-customer-link-secret-change-me'),
  /** Shared with the call centre: it signs each call-outcome callback with it; at least 32 characters. */
  CALL_CENTRE_CALLBACK_SECRET: z.string().min(32).default(DEVELOPMENT_CALLBACK_SECRET),
  /** Requests per minute one client may make to the customer pages. */
  PUBLIC_RATE_LIMIT_PER_MINUTE: positiveInt.default(120),

  /** The zone of times shown to people that are not one customer's (a customer's are in theirs). */
  DISPLAY_TIME_ZONE: z.string().refine(isTimeZone, 'expected an IANA time zone such as Asia/Shanghai').default(systemTimeZone()),

  LETTER_SHOP_DIR: z.string().min(1).default('.data/letter-shop'),
  /** Where commands write the files they make (previews, import error reports) unless given a path. */
  OUTPUT_DIR: z.string().min(1).default('.data/files'),

  CALL_CENTRE_URL: z.url().default('http://127.0.0.1:4010'),
  CALL_CENTRE_TIMEOUT_MS: positiveInt.default(10_000),

  /** Outbound calling hours in the contact's own time zone, HH:MM. */
  CALL_HOURS_START: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM').default('08:30'),
  CALL_HOURS_END: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM').default('21:00'),

  /**
   * Sends in flight inside one greetings page. More than the SMTP connections: a send spends as
   * long rendering and waiting for its record's commit as holding a connection.
   */
  GREETINGS_CONCURRENCY: positiveInt.default(32),
});

/** Settings that only make sense together. */
const checked = schema.superRefine((c, ctx) => {
  if (!!c.TEMPORAL_TLS_CLIENT_CERT_PATH !== !!c.TEMPORAL_TLS_CLIENT_KEY_PATH) {
    const missing = c.TEMPORAL_TLS_CLIENT_CERT_PATH ? 'TEMPORAL_TLS_CLIENT_KEY_PATH' : 'TEMPORAL_TLS_CLIENT_CERT_PATH';
    ctx.addIssue({ code: 'custom', path: [missing], message: 'a client certificate needs both TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH' });
  }
});

export type Config = z.infer<typeof schema>;

/** A configuration error carrying one line that names the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads and validates the configuration from `env` (default process.env). Throws a ConfigError
 * whose message is one line naming each bad variable, e.g. `SMTP_PORT: expected ... (got "x")`.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings count as unset so `FOO=` in a .env file falls back to the default.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = checked.safeParse(cleaned);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? '?');
    const got = cleaned[name];
    return `${name}: ${issue.message}${got === undefined ? '' : ` (got ${JSON.stringify(got)})`}`;
  });
  throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
}

/** The defaults alone, with overrides: for tests and tools that build a config by hand. */
export function testConfig(overrides: Partial<Record<keyof Config, string>> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...overrides });
}
