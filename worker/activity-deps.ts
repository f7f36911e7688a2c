/**
 * Builds the activities from the configuration with the real adapters: the database, the pooled
 * SMTP mailer, the letter shop's folder and the call-centre client. `close` releases them.
 */
import type { Client } from '@temporalio/client';
import { Runtime } from '@temporalio/worker';
import { createCallCentreClient } from '../adapters/call-centre.js';
import { createFolderLetterShop } from '../adapters/letter-shop.js';
import { createSmtpMailer } from '../adapters/mailer.js';
import { createActivities } from '../activities/index.js';
import { createAdminActivities } from '../activities/campaign-admin.js';
import { createLaunchActivities } from '../activities/launch.js';
import { engineMetrics } from '../activities/metrics.js';
import { sql } from '../db/queries.js';
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
  // On the SDK runtime's meter: exported with the SDK's own metrics when METRICS_BIND_ADDRESS is set.
  const metrics = engineMetrics(Runtime.instance().metricMeter);
  const countOpenCalls = (): void =>
    void db.pool.query<{ open: number }>(sql('open-call-tasks')).then(
      ({ rows }) => metrics.openCallTasks(rows[0]?.open ?? 0),
      (err: unknown) => log.warn({ err: String(err) }, 'open call tasks not counted'),
    );
  countOpenCalls();
  const openCalls = setInterval(countOpenCalls, 15_000);
  openCalls.unref();
  const activityDeps = {
    pool: db.pool,
    mailer,
    letterShop: createFolderLetterShop(config.LETTER_SHOP_DIR),
    callService: createCallCentreClient({ baseUrl: config.CALL_CENTRE_URL, timeoutMs: config.CALL_CENTRE_TIMEOUT_MS }),
    renderer: createRenderer(),
    config,
    log: log.child({ component: 'activities' }),
    metrics,
  };
  const activities: AllActivities = {
    ...createActivities(activityDeps),
    ...createAdminActivities({ pool: db.pool, temporal, taskQueue: config.TASK_QUEUE, config }),
    ...createLaunchActivities({ ...activityDeps, temporal, taskQueue: config.TASK_QUEUE }),
  };
  return {
    activities,
    close: () => {
      clearInterval(openCalls);
      mailer.close();
    },
  };
}
