/** What the console needs from the process that mounts it. */
import type { Client } from '@temporalio/client';
import type { Pool } from '../../db/pool.js';
import type { Config } from '../../lib/config.js';
import type { Logger } from '../../lib/logger.js';

export interface ConsoleOptions {
  pool: Pool;
  temporal: Client;
  taskQueue: string;
  log: Logger;
  /** DISPLAY_TIME_ZONE for times shown, OUTPUT_DIR for uploads and import error reports: the engine's Config will do. */
  config: Pick<Config, 'DISPLAY_TIME_ZONE' | 'OUTPUT_DIR'>;
  /** Signs the session cookie (32+ characters); unset: a secret made once and kept in the database. */
  sessionSecret?: string;
  /** A session unused this long ends (default 30 minutes). */
  sessionIdleMs?: number;
  /** A session ends this long after login whatever its use (default 12 hours). */
  sessionAbsoluteMs?: number;
  /** Where the built front-end is (default api/console/ui/dist); see build-ui.ts. */
  uiDistDir?: string;
  /** Login attempts allowed per client address per minute (default 10). */
  loginAttemptsPerMinute?: number;
}
