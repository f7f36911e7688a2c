/** What the engine's web needs from outside: the services and the web's settings. */
import type { Client } from '@temporalio/client';
import type { Pool } from '../db/pool.js';
import type { Config } from '../lib/config.js';
import { loadConfig } from '../lib/config.js';
import type { Logger } from '../lib/logger.js';

/** The settings the web reads, a part of the engine's configuration. */
export type WebConfig = Pick<
  Config,
  'PUBLIC_BASE_URL' | 'UNSUBSCRIBE_SECRET' | 'CUSTOMER_LINK_SECRET' | 'CALL_CENTRE_CALLBACK_SECRET' | 'PUBLIC_RATE_LIMIT_PER_MINUTE' | 'DISPLAY_TIME_ZONE' | 'OUTPUT_DIR'
>;

export interface ApiDeps {
  temporal: Client;
  pool: Pool;
  unsubscribeSecret: string;
  /** Where a reply to a card with no follow-up running starts one. */
  taskQueue: string;
  log: Logger;
  /**
   * The web's settings; absent (tests, development) means the configuration's defaults, with
   * `unsubscribeSecret` above and the API's own URL as the public one.
   */
  config?: Partial<WebConfig>;
}

/** The settings in force: the given ones over the defaults. */
export function webConfig(deps: ApiDeps, ownUrl: string): WebConfig {
  const defaults = loadConfig({ NODE_ENV: 'development' });
  return {
    PUBLIC_BASE_URL: ownUrl,
    PUBLIC_RATE_LIMIT_PER_MINUTE: defaults.PUBLIC_RATE_LIMIT_PER_MINUTE,
    CUSTOMER_LINK_SECRET: defaults.CUSTOMER_LINK_SECRET,
    CALL_CENTRE_CALLBACK_SECRET: defaults.CALL_CENTRE_CALLBACK_SECRET,
    DISPLAY_TIME_ZONE: defaults.DISPLAY_TIME_ZONE,
    OUTPUT_DIR: defaults.OUTPUT_DIR,
    ...deps.config,
    UNSUBSCRIBE_SECRET: deps.config?.UNSUBSCRIBE_SECRET ?? deps.unsubscribeSecret,
  };
}
