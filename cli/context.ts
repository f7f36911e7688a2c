/**
 * What a command needs, opened on demand and closed in `finally`: the configuration, the
 * database and the Temporal client. Failing to reach either says which and where.
 */
import type { Client } from '@temporalio/client';
import { connectTemporal, temporalTarget } from '../client/temporal.js';
import type { CampaignClient } from '../client/start.js';
import { openDatabase, type Database } from '../db/pool.js';
import { ConfigError, loadConfig, type Config } from '../lib/config.js';
import { createLogger, type Logger } from '../lib/logger.js';
import { badInput, unreachable } from './errors.js';

/**
 * How long a command waits for a service that does not answer: a command answers within about
 * two seconds, saying which service and where, rather than hanging. Refused connections fail at once.
 */
const ANSWER_WITHIN_MS = 1500;

export interface CommandContext {
  config: Config;
  log: Logger;
  db(): Promise<Database>;
  temporal(): Promise<Client>;
  campaigns(): Promise<CampaignClient>;
}

/** Runs `fn` with lazily opened services and closes whatever it opened. */
export async function withContext<T>(fn: (ctx: CommandContext) => Promise<T>): Promise<T> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) throw badInput(err.message);
    throw err;
  }
  // Logs go to stderr so --json output on stdout stays clean.
  const log = createLogger({ LOG_LEVEL: process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn' });
  let database: Promise<Database> | undefined;
  let temporal: Promise<Client> | undefined;
  const ctx: CommandContext = {
    config,
    log,
    db: () =>
      (database ??= openDatabase(config, log, ANSWER_WITHIN_MS).catch((err: Error) => {
        const where = config.DATABASE_URL ? new URL(config.DATABASE_URL).host : `embedded Postgres in ${config.PG_DATA_DIR}`;
        throw unreachable(`cannot reach the database (${where}): ${err.message}`);
      })),
    temporal: () =>
      (temporal ??= connectTemporal(temporalTarget(config), `${ANSWER_WITHIN_MS} ms`).catch(
        (err: Error) => {
          throw unreachable(err.message);
        },
      )),
    campaigns: async () => ({ temporal: await ctx.temporal(), pool: (await ctx.db()).pool, taskQueue: config.TASK_QUEUE }),
  };
  try {
    return await fn(ctx);
  } finally {
    await temporal?.then((c) => c.connection.close()).catch(() => undefined);
    await database?.then((d) => d.close()).catch(() => undefined);
  }
}
