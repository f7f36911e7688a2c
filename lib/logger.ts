/** Structured JSON logs (pino); one root logger per process, children per component. */
import { pino, type Logger } from 'pino';
import type { Config } from './config.js';

export type { Logger };

/** Builds the root logger from the configuration. */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, name = 'campaign-engine'): Logger {
  return pino({ name, level: config.LOG_LEVEL });
}

/** A logger that writes nothing, for tests and library defaults. */
export const silentLogger: Logger = pino({ level: 'silent' });
