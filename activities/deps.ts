/**
 * What the activities need from the outside world, passed in by the worker (real adapters) or by
 * tests (real adapters bound to loopback). Nothing here reads the environment.
 */
import type pg from 'pg';
import type { CallService } from '../adapters/call-centre.js';
import type { LetterShop } from '../adapters/letter-shop.js';
import type { Mailer } from '../adapters/mailer.js';
import type { Config } from '../lib/config.js';
import type { Logger } from '../lib/logger.js';
import type { EmailContext, PrintBatch, PrintPiece, RenderedEmail, Sender } from '../render/types.js';
import type { EngineMetrics } from './metrics.js';

/**
 * The renderer the activities use: the render/ module's functions, or a stand-in in tests.
 * Either may return synchronously or a promise.
 */
export interface Renderer {
  renderEmail(template: string, context: EmailContext): RenderedEmail | Promise<RenderedEmail>;
  renderPrintBatch(pieces: PrintPiece[]): PrintBatch | Promise<PrintBatch>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export type ActivityConfig = Pick<
  Config,
  | 'MESSAGE_ID_DOMAIN'
  | 'PUBLIC_BASE_URL'
  | 'UNSUBSCRIBE_SECRET'
  | 'CUSTOMER_LINK_SECRET'
  | 'SMTP_TIMEOUT_MS'
  | 'DELIVERY_LEASE_SECONDS'
  | 'GREETINGS_CONCURRENCY'
  | 'CALL_CENTRE_TIMEOUT_MS'
>;

export interface ActivityDeps {
  pool: pg.Pool;
  mailer: Mailer;
  letterShop: LetterShop;
  callService: CallService;
  renderer: Renderer;
  config: ActivityConfig;
  /** The letterhead printed on every piece; defaults to `defaultSender`. */
  sender?: Sender;
  clock?: Clock;
  /** Where sends are counted for operations (the worker's Prometheus endpoint); none when absent. */
  metrics?: EngineMetrics;
  log?: Logger;
}
