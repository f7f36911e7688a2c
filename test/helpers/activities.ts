/**
 * Everything the activities need, real and on loopback: a fresh database, an SMTP capture, the
 * call-centre simulator with a callback listener, a letter-shop folder. For the activity tests
 * and the workflow tests alike:
 *
 *   const fx = await activityFixture();            // fx.activities implements CampaignActivities
 *   ... Worker.create({ activities: fx.activities, ... })
 *   await fx.close();
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCallCentreClient } from '../../adapters/call-centre.js';
import { createFolderLetterShop } from '../../adapters/letter-shop.js';
import { createSmtpMailer, type Mailer } from '../../adapters/mailer.js';
import { createActivities } from '../../activities/index.js';
import type { ActivityDeps, Clock, Renderer } from '../../activities/deps.js';
import type { CampaignActivities } from '../../activities/types.js';
import { testConfig, type Config } from '../../lib/config.js';
import { startCallCentre, type CallCentreFixture } from './call-centre.js';
import { fakeRenderer } from './fake-renderer.js';
import { freshDatabase, type TestDatabase } from './postgres.js';
import { startSmtpCapture, type SmtpCapture } from './smtp.js';

export interface ActivityFixture {
  db: TestDatabase;
  smtp: SmtpCapture;
  callCentre: CallCentreFixture;
  letterShopDir: string;
  config: Config;
  mailer: Mailer;
  deps: ActivityDeps;
  activities: CampaignActivities;
  close(): Promise<void>;
}

export interface FixtureOptions {
  /** The renderer; default a recording stand-in (test/helpers/fake-renderer.ts). */
  renderer?: Renderer;
  clock?: Clock;
  /** Extra configuration, e.g. { SMTP_TIMEOUT_MS: '1000' }. */
  config?: Partial<Record<keyof Config, string>>;
  /** Where call outcomes go; default the fixture's callback listener. */
  publicBaseUrl?: string;
}

export async function activityFixture(options: FixtureOptions = {}): Promise<ActivityFixture> {
  const [db, smtp, callCentre, letterShopDir] = await Promise.all([
    freshDatabase(),
    startSmtpCapture(),
    startCallCentre(),
    mkdtemp(join(tmpdir(), 'ce-letters-')),
  ]);
  // The engine's /call-outcomes is played by the listener: its origin is the "public base URL".
  const config = testConfig({
    SMTP_PORT: String(smtp.port),
    SMTP_TIMEOUT_MS: '2000',
    // A stalled reply to a message's end is given up in seconds here, not the RFC's 10 minutes.
    SMTP_DATA_TIMEOUT_MS: '3000',
    CALL_CENTRE_URL: callCentre.simulator.url,
    PUBLIC_BASE_URL: options.publicBaseUrl ?? new URL(callCentre.callbacks.url).origin,
    LETTER_SHOP_DIR: letterShopDir,
    ...options.config,
  });
  const mailer = createSmtpMailer(config);
  const deps: ActivityDeps = {
    pool: db.pool,
    mailer,
    letterShop: createFolderLetterShop(config.LETTER_SHOP_DIR),
    callService: createCallCentreClient({ baseUrl: config.CALL_CENTRE_URL, timeoutMs: config.CALL_CENTRE_TIMEOUT_MS }),
    renderer: options.renderer ?? fakeRenderer(),
    config,
    clock: options.clock,
  };
  return {
    db,
    smtp,
    callCentre,
    letterShopDir,
    config,
    mailer,
    deps,
    activities: createActivities(deps),
    close: async () => {
      mailer.close();
      await Promise.all([smtp.close(), callCentre.close(), db.close(), rm(letterShopDir, { recursive: true, force: true })]);
    },
  };
}
