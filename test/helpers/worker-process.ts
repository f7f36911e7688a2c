/**
 * The production worker (worker/main.ts) as its own process, pointed at a test engine's parts by
 * environment alone, as an operator runs it: for tests of what only a real process shows (a kill
 * mid-broadcast, the metrics endpoint).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../lib/config.js';
import type { TestEngine } from './engine.js';

export function spawnWorkerProcess(engine: TestEngine, settings: Partial<Record<keyof Config, string>> = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../../worker/main.ts', import.meta.url))], {
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: engine.env.address,
      DATABASE_URL: engine.db.url,
      SMTP_HOST: engine.config.SMTP_HOST,
      SMTP_PORT: String(engine.config.SMTP_PORT),
      PUBLIC_BASE_URL: engine.config.PUBLIC_BASE_URL,
      UNSUBSCRIBE_SECRET: engine.config.UNSUBSCRIBE_SECRET,
      CALL_CENTRE_URL: engine.config.CALL_CENTRE_URL,
      LETTER_SHOP_DIR: engine.letterShopDir,
      TASK_QUEUE: engine.taskQueue,
      LOG_LEVEL: 'warn',
      ...settings,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
