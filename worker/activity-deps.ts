/**
 * Builds the activities from the configuration with the real adapters: the database, the pooled
 * SMTP mailer, the letter shop's folder and the call-centre client. `close` releases them.
 */
import type { Client } from '@temporalio/client';
import { createCallCentreClient } from '../adapters/call-centre.js';
import { createFolderLetterShop } from '../adapters/letter-shop.js';
import { createSmtpMailer } from '../adapters/mailer.js';
import { createActivities } from '../activities/index.js';
import { createAdminActivities } from '../activities/campaign-admin.js';
import type { AllActivities } from '../activities/types.js';
import type { Database } from '../db/pool.js';
import type { Config } from '../lib/config.js';
import type { Logger } from '../lib/logger.js';
import { createRenderer } from '../render/index.js';

export interface BuiltActivities {
  activities: AllActivities;
  close(): void;
}

export function buildActivities(config: Config, db: Database, temporal: Client, log: Logger): BuiltActivities {
  const mailer = createSmtpMailer(config, log.child({ component: 'mailer' }));
  const activities: AllActivities = {
    ...createActivities({
      pool: db.pool,
      mailer,
      letterShop: createFolderLetterShop(config.LETTER_SHOP_DIR),
      callService: createCallCentreClient({ baseUrl: config.CALL_CENTRE_URL, timeoutMs: config.CALL_CENTRE_TIMEOUT_MS }),
      renderer: createRenderer(),
      config,
      log: log.child({ component: 'activities' }),
    }),
    ...createAdminActivities({ pool: db.pool, temporal, taskQueue: config.TASK_QUEUE }),
  };
  return { activities, close: () => mailer.close() };
}
